#!/usr/bin/env python3
"""Offline field entry in headless Chromium (run through Tests/Browser/run.sh after dashboard_test.py).

The browser reaches `ocop serve` through a small proxy (holding_proxy.py). "Offline" is made real twice over:
DevTools' network emulation (`Network.emulateNetworkConditions` offline, so `navigator.onLine` is false and the page's
fetches fail) and the proxy dropping every connection (the emulation set on the page target may not cover the service
worker's own fetches; the proxy does). The server keeps running, so the CLI can change records meanwhile — stopping
the server would not be the same thing.

1. The district officer (cb-huyen) signs in, opens an idea's page; the service worker takes control and keeps the
   field pages of their scope (the five new SUBMITTED ideas, the NTM field forms).
2. Offline: two surveys (ideas A, B) and one NTM assessment are recorded; the page is reloaded offline and the three
   entries are still there (bar: "Chờ đồng bộ: 3"). Two more surveys (C, D) are recorded on pages whose records the
   CLI changes meanwhile (C returned and resubmitted; D surveyed by someone else).
3. Online: A, B and the assessment arrive once, with the business time the device recorded (history `at`) and a later
   `recorded_at`; C and D are shown as conflicts (what the officer saw, the record now, who changed it) and not
   applied. "Apply anew" on C applies it once; "discard" on D removes it and the panel notes it.
4. A survey on E is recorded offline; going online, the proxy forwards the sync, the server applies it, and the proxy
   holds the answer while the test kills Chromium. Restarted on the same profile (IndexedDB survives), the queue
   sends E again with the same key: replayed, one history row, the entry gone.

Prints `N passed, M failed` alone on the last line and exits 1 on any failure.
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import datetime, timedelta, timezone

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dashboard_test import Results, browser, path_of, screenshot, sign_in_with_password  # noqa: E402
from holding_proxy import HoldingProxy  # noqa: E402

VN = timezone(timedelta(hours=7))


class CLI:
    """The `ocop` binary with the run's HOME, as an operator at the server would use it."""

    def __init__(self, ocop, home):
        self.ocop, self.home = ocop, home

    def run(self, *args):
        env = dict(os.environ, HOME=self.home)
        done = subprocess.run([self.ocop, *args], env=env, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"ocop {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
        return done.stdout

    def json(self, *args):
        return json.loads(self.run(*args, "--json"))

    def history(self, record):
        return self.json("history", str(record), "--as", "cb-huyen")

    def psql(self, sql):
        status = self.json("db", "status")
        folder = status["socketDirectory"]
        port = next(name.rsplit(".", 1)[1] for name in os.listdir(folder) if name.startswith(".s.PGSQL.") and not name.endswith(".lock"))
        done = subprocess.run(["psql", "-h", folder, "-p", port, "-U", status["user"], "-d", status["database"], "-AtX", "-c", sql],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(done.stderr)
        return [line.split("|") for line in done.stdout.strip().splitlines() if line]


def instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wait(driver, condition, timeout=20, what=""):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.2).until(lambda d: condition(d))
    except Exception:
        return None


def set_offline(driver, proxy, offline):
    proxy.offline = offline
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions", {
        "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})


def waiting(driver):
    bars = driver.find_elements(By.ID, "offline-bar")
    return bars[0].get_attribute("data-waiting") if bars else None


def queue(driver):
    return driver.execute_async_script("const done = arguments[0]; window.ocopOffline.entries().then(done, () => done(null));")


def record_survey(driver, base, record, reference):
    driver.get(f"{base}/instances/{record}")
    form = driver.find_element(By.CSS_SELECTOR, "form[data-field-entry='event'][data-event='survey']")
    form.find_element(By.NAME, "in_survey_ref").send_keys(reference)
    today = datetime.now(VN).strftime("%d/%m/%Y")
    form.find_element(By.NAME, "in_surveyed_on").send_keys(today)
    wait(driver, lambda d: waiting(d) is not None)  # the bar is drawn from IndexedDB after the page loads
    before = int(waiting(driver) or 0)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return wait(driver, lambda d: int(waiting(d) or 0) == before + 1 or "/instances/" in path_of(d) and "done=" in d.current_url)


def accept_confirmation(driver):
    """The officer confirms the browser's dialog (apply anew, discard)."""
    WebDriverWait(driver, 10).until(EC.alert_is_present())
    driver.switch_to.alert.accept()


def surveys(cli, record):
    return [row for row in cli.history(record) if row["event"] == "survey"]


def chromium_pid(driver):
    """The browser process chromedriver started (its child), to kill it as a crash would."""
    driver_pid = driver.service.process.pid
    for task in os.listdir(f"/proc/{driver_pid}/task"):
        with open(f"/proc/{driver_pid}/task/{task}/children") as file:
            for pid in file.read().split():
                with open(f"/proc/{pid}/cmdline", "rb") as cmd:
                    if b"chrom" in cmd.read().split(b"\0")[0]:
                        return int(pid)
    return None


def run(results, cli, server_port, password, shots):
    proxy = HoldingProxy("127.0.0.1", server_port)
    base = f"http://127.0.0.1:{proxy.port}"
    profile = tempfile.mkdtemp(prefix="ocop-offline-profile-")
    stamp = datetime.now().strftime("%H%M%S")
    names = [f"{product} ngoại tuyến {stamp}" for product in ["Mật ong rừng", "Chè xanh", "Cam bù", "Gà đồi", "Măng khô"]]
    day = lambda days: (datetime.now(VN) - timedelta(days=days)).strftime("%Y-%m-%d 09:00")
    # C was registered 11 days ago (so that the CLI can take it through survey, return and resubmit, a week apart).
    ids = [cli.json("idea", "register", "--subject", "thanh-mai", "--name", name, "--as", "cb-xa", "--confirm-duplicate",
                    *(["--at", day(11)] if index == 2 else []))["id"]
           for index, name in enumerate(names)]
    a, b, c, d, e = ids
    driver = browser(1280, 900, False, profile)
    try:
        # ---- 1. Online: sign in, the worker takes control, the field pages are kept ----
        sign_in_with_password(driver, base, "cb-huyen", password)
        driver.get(f"{base}/instances/{a}")
        controlled = wait(driver, lambda dr: dr.execute_script("return !!(navigator.serviceWorker && navigator.serviceWorker.controller)"))
        results.check(controlled, "the service worker controls the dashboard")
        version = re.search(r"const VERSION = '([^']+)'", driver.execute_script(
            "return fetch('/sw.js').then(r => r.text())")).group(1)
        kept_script = ("const done = arguments[arguments.length - 1]; caches.open(arguments[0]).then(c => c.keys())"
                       ".then(k => done(k.map(r => new URL(r.url).pathname)), () => done([]));")
        wanted = {f"/instances/{i}" for i in ids} | {"/ntm/field"}
        kept = wait(driver, lambda dr: wanted <= set(dr.execute_async_script(kept_script, version + "-pages")), timeout=60)
        results.check(kept, "the field pages of the officer's scope are kept on the device",
                      str(driver.execute_async_script(kept_script, version + "-pages")))
        bar = driver.find_element(By.ID, "offline-bar").text
        results.check("Đang có mạng" in bar and "Chờ đồng bộ: 0" in bar, "the bar says online, nothing waiting", bar)

        # ---- 2. Offline: two surveys and an NTM assessment; reload; two more on records the CLI changes ----
        set_offline(driver, proxy, True)
        went_offline = datetime.now(timezone.utc)
        results.check(driver.execute_script("return navigator.onLine") is False, "navigator.onLine is false offline")
        failed = driver.execute_async_script(
            "const done = arguments[0]; fetch('/readyz', {cache: 'no-store'}).then(() => done(false), () => done(true));")
        results.check(failed, "offline, a fetch to the server fails")
        results.check(record_survey(driver, base, a, "BB khảo sát ngoại tuyến A"), "offline: survey A is queued")
        results.check("Không có mạng" in driver.find_element(By.ID, "offline-bar").text, "the bar says offline",
                      driver.find_element(By.ID, "offline-bar").text)
        results.check(record_survey(driver, base, b, "BB khảo sát ngoại tuyến B"), "offline: survey B is queued (a pre-kept page)")

        driver.get(f"{base}/ntm/field")
        form = driver.find_element(By.ID, "ntm-assessment")
        Select(form.find_element(By.NAME, "in_unit")).select_by_value("duc-linh")
        Select(form.find_element(By.NAME, "in_criteria_set")).select_by_value("ntm-commune-318")
        criterion = driver.execute_script(
            "const set = document.querySelector('#a-set option[value=\"ntm-commune-318\"]').textContent;"
            "return [...document.querySelectorAll('#a-criterion optgroup')].find(g => g.label === set).querySelector('option').value;")
        Select(form.find_element(By.NAME, "in_criterion")).select_by_value(criterion)
        Select(form.find_element(By.NAME, "in_status")).select_by_value("dat")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        results.check(wait(driver, lambda dr: waiting(dr) == "3"), "offline: the NTM assessment is queued", str(waiting(driver)))

        driver.refresh()
        wait(driver, lambda dr: waiting(dr) is not None)
        results.check(wait(driver, lambda dr: waiting(dr) == "3"), "reloaded offline, the three entries are still there", str(waiting(driver)))
        items = driver.find_elements(By.CSS_SELECTOR, "#sync-panel li.sync-entry")
        results.check(len(items) == 3, "the panel lists them", str(len(items)))
        screenshot(driver, shots, "offline-1-queued")

        results.check(record_survey(driver, base, c, "BB khảo sát ngoại tuyến C"), "offline: survey C is queued")
        results.check(record_survey(driver, base, d, "BB khảo sát ngoại tuyến D"), "offline: survey D is queued")
        entries = {entry["record"]: entry for entry in queue(driver) if entry["kind"] == "event"}
        assessment = next(entry for entry in queue(driver) if entry["kind"] == "ntm_assessment")
        results.check(all(entries[i]["version"] == 2 and entries[i]["user"] == "cb-huyen" and len(entries[i]["key"]) == 36 for i in (a, b, c, d)),
                      "each entry keeps the version seen, the user and a UUID key", str(entries))
        results.check(all(entries[i]["businessTime"].endswith("+07:00") for i in (a, b, c, d)),
                      "business times are in Vietnam's time", entries[a]["businessTime"])
        # Meanwhile, on the server: C is surveyed by another team, returned and resubmitted (SUBMITTED again, version 5);
        # D is surveyed by another team.
        cli.run("idea", "survey", str(c), "--record", "BB khảo sát của đoàn khác", "--as", "cb-huyen", "--at", day(10))
        cli.run("idea", "return", str(c), "--reason", "Bổ sung ảnh sản phẩm", "--as", "cb-huyen", "--at", day(9))
        cli.run("idea", "resubmit", str(c), "--as", "cb-xa", "--at", day(1))
        cli.run("idea", "survey", str(d), "--record", "BB khảo sát của đoàn khác", "--as", "cb-huyen")
        results.check(not surveys(cli, a) and not surveys(cli, b), "nothing reached the server while offline")

        # ---- 3. Online: three arrive once, two conflict ----
        driver.get(f"{base}/ntm/field")
        went_online = datetime.now(timezone.utc)
        set_offline(driver, proxy, False)
        synced = wait(driver, lambda dr: waiting(dr) == "2" and len(dr.find_elements(By.CSS_SELECTOR, "li.sync-entry[data-status=conflict]")) == 2,
                      timeout=60)
        results.check(synced, "online: the queue syncs; two entries remain as conflicts", str(waiting(driver)))
        screenshot(driver, shots, "offline-2-conflicts")
        for record, letter in [(a, "A"), (b, "B")]:
            rows = surveys(cli, record)
            ok = len(rows) == 1 and instant(rows[0]["at"]) == instant(entries[record]["businessTime"]) \
                and went_offline - timedelta(seconds=2) <= instant(rows[0]["at"]) < went_online \
                and instant(rows[0]["recordedAt"]) >= went_online - timedelta(seconds=1)
            results.check(ok, f"survey {letter} arrived once, dated when it was recorded (recorded_at later)", str(rows))
        business_day = instant(assessment["businessTime"]).astimezone(VN).date().isoformat()
        stored = cli.psql(
            "SELECT as_of, recorded_at >= '" + went_online.isoformat() + "'::timestamptz FROM ntm_assessment "
            f"WHERE unit_code = 'duc-linh' AND criteria_set = 'ntm-commune-318' AND criterion = '{criterion}' AND recorded_by = 'cb-huyen'")
        results.check(stored == [[business_day, "t"]], "the NTM assessment arrived once, as of the day it was recorded", str(stored))
        results.check(len(surveys(cli, c)) == 1, "C's conflicting survey was not applied", str(surveys(cli, c)))
        results.check(len(surveys(cli, d)) == 1, "D keeps only the other survey")
        panel = driver.find_element(By.ID, "sync-panel").text
        results.check("Chờ đồng bộ / xung đột" in panel and "Bạn đã thấy" in panel and "phiên bản 2" in panel and "cb-xa" in panel,
                      "the panel shows what the officer saw and what changed, by whom", panel)

        # "Apply anew" on C (confirmed), "discard" on D (confirmed).
        driver.find_element(By.CSS_SELECTOR, f"li.sync-entry[data-key='{entries[c]['key']}'] button.apply-anew").click()
        accept_confirmation(driver)
        results.check(wait(driver, lambda dr: waiting(dr) == "1", timeout=30), "apply anew: C is sent again and leaves the queue")
        rows = surveys(cli, c)
        results.check(len(rows) == 2 and "ngoại tuyến C" in json.dumps(rows[1].get("input", {}), ensure_ascii=False),
                      "C's survey applied once, on the current version", str(rows))
        driver.find_element(By.CSS_SELECTOR, f"li.sync-entry[data-key='{entries[d]['key']}'] button.discard").click()
        accept_confirmation(driver)
        results.check(wait(driver, lambda dr: waiting(dr) == "0"), "discard: D leaves the queue")
        log = driver.execute_async_script("const done = arguments[0]; window.ocopOffline.log().then(done);")
        results.check(len(log) == 1 and log[0]["key"] == entries[d]["key"] and "xung đột" in log[0]["note"],
                      "the discard is recorded on the device with a note", str(log))
        results.check("Đã bỏ" in driver.find_element(By.ID, "sync-panel").text, "the panel says it was discarded")
        results.check(len(surveys(cli, d)) == 1, "D still has one survey")

        # ---- 4. Killed between sending and the answer ----
        set_offline(driver, proxy, True)
        results.check(record_survey(driver, base, e, "BB khảo sát ngoại tuyến E"), "offline: survey E is queued")
        key_e = next(entry["key"] for entry in queue(driver) if entry.get("record") == e)
        proxy.hold_next_sync = True
        set_offline(driver, proxy, False)
        results.check(proxy.held.wait(60), "the proxy forwarded E's sync and holds the answer")
        results.check(len(surveys(cli, e)) == 1, "the server applied E")
        pid = chromium_pid(driver)
        results.check(pid is not None, "found the browser process")
        if pid:
            os.kill(pid, signal.SIGKILL)
        try:
            driver.service.process.kill()
        except Exception:
            pass
        proxy.release.set()
        time.sleep(1)

        # Restarted with the network still gone: the page opens from the device, and the entry is there.
        proxy.offline = True
        driver = browser(1280, 900, False, profile)
        driver.get(f"{base}/instances/{e}")
        wait(driver, lambda dr: waiting(dr) is not None)
        left = queue(driver) or []
        results.check([entry["key"] for entry in left] == [key_e], "after the crash the entry is still on the device", str(left))
        proxy.offline = False
        driver.get(f"{base}/pipeline")
        if path_of(driver).startswith("/sign-in"):
            sign_in_with_password(driver, base, "cb-huyen", password)
        results.check(wait(driver, lambda dr: waiting(dr) == "0", timeout=60), "synced again: the entry is gone", str(waiting(driver)))
        rows = surveys(cli, e)
        results.check(len(rows) == 1, "E applied once: the same key replayed, nothing twice", str(rows))
        results.check(proxy.sync_requests >= 2, "E's sync was sent twice", str(proxy.sync_requests))
        screenshot(driver, shots, "offline-3-after-crash")

        # ---- 5. A progress report recorded offline arrives once ----
        set_offline(driver, proxy, True)
        driver.get(f"{base}/ntm/field")
        wait(driver, lambda dr: waiting(dr) is not None)
        form = driver.find_element(By.ID, "ntm-progress")
        Select(form.find_element(By.NAME, "in_unit")).select_by_value("duc-linh")
        scope = Select(form.find_element(By.NAME, "in_scope")).first_selected_option.get_attribute("value")
        # The criteria sets in workflows/criteria end on 31/12/2025: a report as of today names no set, so the officer
        # types the day the report is as of (the form's dd/mm/yyyy field).
        form.find_element(By.NAME, "in_as_of").send_keys("15/10/2022")
        form.find_element(By.NAME, "in_met").send_keys("11")
        form.find_element(By.NAME, "in_basically_met").send_keys("3")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        results.check(wait(driver, lambda dr: waiting(dr) == "1"), "offline: the progress report is queued", str(waiting(driver)))
        progress = next((entry for entry in queue(driver) or [] if entry["kind"] == "ntm_progress"), None)
        results.check(progress is not None and progress["businessTime"].endswith("+07:00"),
                      "the progress report keeps its business time", str(progress))
        results.check(not cli.psql(f"SELECT 1 FROM ntm_progress WHERE unit_code = 'duc-linh' AND recorded_by = 'cb-huyen' AND met = 11"),
                      "nothing reached the server while offline")
        set_offline(driver, proxy, False)
        driver.get(f"{base}/ntm/field")
        results.check(wait(driver, lambda dr: waiting(dr) == "0", timeout=60), "online: the progress report syncs",
                      str(waiting(driver)) + " " + driver.find_element(By.ID, "sync-panel").text)
        if progress:
            progress_day = "2022-10-15"
            stored = cli.psql(
                f"SELECT as_of, scope FROM ntm_progress WHERE unit_code = 'duc-linh' AND recorded_by = 'cb-huyen' AND met = 11")
            results.check(stored == [[progress_day, scope]], "the progress report arrived once, as of the day the officer typed", str(stored))
    finally:
        try:
            driver.quit()
        except Exception:
            pass
        proxy.close()
        subprocess.run(["rm", "-rf", profile])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True, help="the server (the test puts its proxy in front)")
    parser.add_argument("--ocop", required=True)
    parser.add_argument("--home", required=True, help="the HOME the server and its embedded database run with")
    parser.add_argument("--officer-password-file", required=True)
    parser.add_argument("--screenshots", default=tempfile.mkdtemp(prefix="ocop-offline-shots-"))
    args = parser.parse_args()
    port = int(args.base_url.rsplit(":", 1)[1].rstrip("/"))
    password = open(args.officer_password_file).read().strip()
    results = Results()
    try:
        run(results, CLI(args.ocop, args.home), port, password, args.screenshots)
    except Exception:
        traceback.print_exc()
        results.failed += 1
    print(f"{results.passed} passed, {results.failed} failed")
    sys.exit(1 if results.failed else 0)


if __name__ == "__main__":
    main()
