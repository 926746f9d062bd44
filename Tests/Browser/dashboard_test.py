#!/usr/bin/env python3
"""The staff dashboard in headless Chromium, as a person uses it (run through Tests/Browser/run.sh).

Against `ocop serve` on the Vũ Quang demo: /pipeline sends a stranger to /sign-in; a wrong token is refused; the
district officer's token signs in; the pipeline shows Vietnamese stage labels with their counts; the links lead to
"Nước chấm Thanh Mai", whose page shows its stage, dossier, why each step is blocked, and its history; the producer
sees an action form there, uploads a PDF to the missing self-assessment item and sees it turn present with a download
link (then removes it through the API, so each size starts alike); signing out ends the session. The officer then opens the NTM page and the report page
from the navigation, picks 31/10/2022 in the date form, and sees the seed's figures (Đức Lĩnh 13/20 and 3/4, Đức
Bồng's blocker, the town's 12/18, 80–85% KH, the year-end forecasts apart) and downloads the CSV. Every page is
checked for horizontal overflow at phone width (390×844) and at desktop width, and full-page screenshots are
written for a person to look at. The header's search box finds "nuoc cham thanh mai" typed without diacritics (phone
and desktop); on the desktop the officer downloads the report as .xlsx (read back with openpyxl) and prints the report,
a certificate and a product's rating results to PDF through Chromium, checked to be A4 with poppler.

Prints `N passed, M failed` alone on the last line and exits 1 on any failure.
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import traceback
from base64 import b64decode

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

PRODUCT = "Nước chấm Thanh Mai"
DEVELOPING = "Đang triển khai, hoàn thiện sản phẩm"
# (name, CSS width, CSS height, mobile): headless Chromium keeps windows at least 500 px wide, so the phone is
# emulated (viewport meta honoured, device pixel ratio 2) rather than a narrow window.
SIZES = [("phone", 390, 844, True), ("desktop", 1280, 900, False)]


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition, what, detail=""):
        if condition:
            self.passed += 1
            print(f"ok    {what}")
        else:
            self.failed += 1
            print(f"FAIL  {what}" + (f" — {detail}" if detail else ""))
        return bool(condition)


def find(name, candidates):
    for path in candidates:
        if path and os.path.exists(path):
            return path
    return shutil.which(name)


def browser(width, height, mobile, profile, language="vi-VN"):
    options = webdriver.ChromeOptions()
    options.binary_location = find("chromium", [os.environ.get("CHROMIUM"), "/usr/bin/chromium"])
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={width},{height}", "--hide-scrollbars", f"--lang={language}",
                     f"--user-data-dir={profile}", "--no-first-run", "--disable-extensions"]:
        options.add_argument(argument)
    if mobile:
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    # Staff browsers here ask for Vietnamese, the dashboard's first language (one test uses an English browser).
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi-VN,vi" if language.startswith("vi") else "en-US,en"})
    service = Service(executable_path=find("chromedriver", [os.environ.get("CHROMEDRIVER"), "/usr/bin/chromedriver"]))
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(30)
    return driver


def path_of(driver):
    return re.sub(r"^https?://[^/]+", "", driver.current_url)


def screenshot(driver, folder, name):
    """A full-page PNG (beyond the viewport) through the DevTools protocol."""
    metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = metrics.get("cssContentSize") or metrics["contentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    path = os.path.join(folder, f"{name}.png")
    with open(path, "wb") as file:
        file.write(b64decode(shot["data"]))
    return path


def no_overflow(results, driver, label):
    widths = driver.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    results.check(widths[0] <= widths[1], f"{label}: no horizontal overflow",
                  f"scrollWidth {widths[0]} > innerWidth {widths[1]}")


def sign_in(driver, base, token):
    """Signs in with an access token (the form for scripts and administrators, folded under the password form)."""
    driver.get(base + "/pipeline")
    field = WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "token")))
    if not field.is_displayed():
        driver.find_element(By.CSS_SELECTOR, "details summary").click()
    field.clear()
    field.send_keys(token)
    driver.find_element(By.CSS_SELECTOR, "#token-sign-in button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/sign-in" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".flash"))


def sign_in_with_password(driver, base, user, password):
    """Signs in as people do: user name and password."""
    driver.get(base + "/pipeline")
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "user"))).send_keys(user)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#password-sign-in button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: "/sign-in" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".flash"))


def sign_out(results, driver, base, size):
    driver.find_element(By.CSS_SELECTOR, "header form[action='/sign-out'] button").click()
    WebDriverWait(driver, 10).until(lambda d: path_of(d) == "/sign-in")
    results.check(path_of(driver) == "/sign-in", f"[{size}] signing out lands on /sign-in", path_of(driver))
    driver.get(base + "/pipeline")
    results.check(path_of(driver) == "/sign-in", f"[{size}] after signing out /pipeline redirects to /sign-in",
                  path_of(driver))
    results.check(not driver.get_cookies() or all(c.get("value") == "" for c in driver.get_cookies()),
                  f"[{size}] the session cookie is gone", str(driver.get_cookies()))


def officer_walk(results, driver, base, token, shots, size, width):
    # A stranger is sent to the sign-in form.
    driver.get(base + "/pipeline")
    results.check(path_of(driver) == "/sign-in", f"[{size}] /pipeline without a session redirects to /sign-in",
                  path_of(driver))
    heading = driver.find_element(By.TAG_NAME, "h1").text
    results.check(heading == "Đăng nhập hệ thống OCOP", f"[{size}] the sign-in page says so", heading)
    results.check(driver.find_element(By.ID, "token").get_attribute("type") == "password",
                  f"[{size}] the token field hides what is typed")
    viewport = driver.execute_script("return window.innerWidth")
    results.check(viewport == width, f"[{size}] the viewport is {width} px wide", str(viewport))
    no_overflow(results, driver, f"[{size}] sign-in")
    screenshot(driver, shots, f"{size}-1-sign-in")

    # A wrong token is refused with a Vietnamese message.
    sign_in(driver, base, "not-a-token")
    flash = driver.find_elements(By.CSS_SELECTOR, ".flash.error")
    results.check(path_of(driver) == "/sign-in" and flash and "không hợp lệ" in flash[0].text,
                  f"[{size}] a wrong token is refused with a message", flash[0].text if flash else path_of(driver))

    # The officer's token signs in and lands on the pipeline.
    sign_in(driver, base, token)
    results.check(path_of(driver) == "/pipeline", f"[{size}] signing in opens /pipeline", path_of(driver))
    header = driver.find_element(By.TAG_NAME, "header").text
    results.check("Cán bộ Phòng NN&PTNT huyện Vũ Quang" in header and "Đăng xuất" in header,
                  f"[{size}] the header names the officer and offers Đăng xuất", header)
    cookie = driver.get_cookie("ocop_session") or next(iter(driver.get_cookies()), None)
    results.check(cookie is not None and cookie.get("httpOnly") and cookie.get("sameSite") == "Strict",
                  f"[{size}] the session cookie is HttpOnly and SameSite=Strict", str(cookie))

    counts = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "main section.card tbody tr"):
        cells = row.find_elements(By.TAG_NAME, "td")
        if len(cells) == 2:
            counts[cells[0].text.strip()] = cells[1].text.strip()
    titles = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "main section.card h2")]
    results.check("Sản phẩm OCOP và đánh giá, phân hạng" in titles and "Giấy chứng nhận sản phẩm OCOP" in titles,
                  f"[{size}] the pipeline names its workflows in Vietnamese", str(titles))
    for label, count in [(DEVELOPING, "1"), ("Còn hiệu lực", "5"), ("Đã được công nhận sản phẩm OCOP", "5"),
                         ("Đã nghiệm thu", "5"), ("Đã đề xuất thẩm định", "2")]:
        results.check(counts.get(label) == count, f"[{size}] pipeline: “{label}” {count}", str(counts.get(label)))
    # The demo's certificates expired on 21/02/2025 and no timer has run: the pipeline says what is true by date.
    main_text = driver.find_element(By.TAG_NAME, "main").text
    results.check("5 hồ sơ “Còn hiệu lực” theo ngày đã là “Hết hiệu lực”" in main_text,
                  f"[{size}] pipeline: the certificates expired by date are said so", main_text[-400:])
    results.check(not any(re.fullmatch(r"[A-Z_]+", label) for label in counts),
                  f"[{size}] no stage is shown by its bare code", str(list(counts)))
    no_overflow(results, driver, f"[{size}] pipeline")
    screenshot(driver, shots, f"{size}-2-pipeline")

    # Follow the stage link to the list, then the product's link to its page.
    driver.find_element(By.LINK_TEXT, DEVELOPING).click()
    rows = [r for r in driver.find_elements(By.CSS_SELECTOR, "main tbody tr") if PRODUCT in r.text]
    results.check(len(rows) == 1, f"[{size}] the stage's list shows {PRODUCT}", driver.find_element(By.TAG_NAME, "main").text[:300])
    if rows:
        badge = rows[0].find_element(By.CSS_SELECTOR, ".badge").text
        results.check(badge == DEVELOPING, f"[{size}] the list row shows its stage", badge)
    no_overflow(results, driver, f"[{size}] list")
    screenshot(driver, shots, f"{size}-3-list")
    if not rows:
        return
    rows[0].find_element(By.CSS_SELECTOR, "a[href^='/instances/']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "stage")))
    results.check(re.fullmatch(r"/instances/\d+", path_of(driver)) is not None,
                  f"[{size}] the product link opens /instances/{{id}}", path_of(driver))
    product_path = path_of(driver)
    results.check(driver.find_element(By.TAG_NAME, "h1").text == PRODUCT, f"[{size}] the page is titled {PRODUCT}")
    stage = driver.find_element(By.ID, "stage")
    results.check(stage.text == DEVELOPING and stage.is_displayed(), f"[{size}] the stage badge reads “{DEVELOPING}”",
                  stage.text)
    facts = driver.find_element(By.CSS_SELECTOR, "main section.card").text
    results.check("Cơ sở Nước chấm Thanh Mai" in facts, f"[{size}] details name the producer", facts[:200])
    dossier = driver.find_elements(By.CSS_SELECTOR, "#dossier li")
    results.check(len(dossier) >= 4 and any("Phương án SXKD" in li.text for li in dossier),
                  f"[{size}] the dossier lists its items", str([li.text for li in dossier]))
    facts = driver.find_element(By.TAG_NAME, "main").text
    results.check("Ngày duyệt phương án" in facts and "24/08/2022" in facts,
                  f"[{size}] fields are named in Vietnamese, dates dd/mm/yyyy", facts[:300])
    missing = driver.find_elements(By.CSS_SELECTOR, "#dossier li.missing")
    results.check(any("Báo cáo tự đánh giá" in li.text and "chưa có" in li.text for li in missing)
                  and any("Phiếu đăng ký sản phẩm OCOP" in li.text and "✓" in li.text for li in dossier),
                  f"[{size}] the checklist names the rule set's items, present and missing",
                  str([li.text for li in dossier]))

    history = driver.find_elements(By.CSS_SELECTOR, "#history ol.timeline li")
    steps = [li.text for li in history]
    results.check(driver.find_element(By.CSS_SELECTOR, "#history h2").text == "Lịch sử", f"[{size}] the history is headed Lịch sử")
    results.check(len(steps) >= 4, f"[{size}] the history lists its steps", f"{len(steps)} steps")
    results.check(any("Đã nộp phương án SXKD → " + DEVELOPING in s and "cb-huyen" in s for s in steps),
                  f"[{size}] the history shows the officer's approval of the plan", str(steps))
    results.check(any("→ Đang xây dựng phương án SXKD" in s and "thanhmai" in s for s in steps),
                  f"[{size}] the history shows the producer creating the product", str(steps))
    results.check(not any(re.search(r"thay mặt\s*\)|“”|·\s+·", s) for s in steps),
                  f"[{size}] no empty “on behalf of”, reference or comment in the history", str(steps[:2]))

    forms = driver.find_elements(By.CSS_SELECTOR, "#actions form")
    summary = driver.find_elements(By.CSS_SELECTOR, "#actions details summary")
    results.check(forms or summary, f"[{size}] the actions card shows a form or the why-blocked list")
    results.check(not forms and "Bạn không có thao tác nào" in driver.find_element(By.ID, "actions").text,
                  f"[{size}] the officer is told there is nothing to do at this stage")
    if summary:
        results.check(summary[0].text == "Các bước chưa thực hiện được và lý do", f"[{size}] the why-blocked summary",
                      summary[0].text)
        no_overflow(results, driver, f"[{size}] product page")
        screenshot(driver, shots, f"{size}-4-product")
        summary[0].click()
        blocked = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#actions ul.blocked li") if li.is_displayed()]
        results.check(any(b.startswith("Nộp hồ sơ đánh giá, phân hạng:") and "cần một trong: CT, XA" in b for b in blocked),
                      f"[{size}] opened, it says why the dossier cannot be submitted by the officer", str(blocked[:3]))
        no_overflow(results, driver, f"[{size}] product page, why-blocked open")
        screenshot(driver, shots, f"{size}-5-product-blocked")
    sign_out(results, driver, base, size)
    return product_path


def producer_walk(results, driver, base, password, shots, size, product_path, token):
    # A wrong password is refused on the sign-in page, in Vietnamese; the right one opens the pipeline.
    sign_in_with_password(driver, base, "thanhmai", "not-her-password")
    flash = driver.find_elements(By.CSS_SELECTOR, ".flash.error")
    results.check(path_of(driver) == "/sign-in" and flash and "không đúng" in flash[0].text,
                  f"[{size}] a wrong password is refused with a message", path_of(driver))
    sign_in_with_password(driver, base, "thanhmai", password)
    results.check(path_of(driver) == "/pipeline", f"[{size}] the producer signs in with her user name and password", path_of(driver))
    # Her page: every product with its stage and what is still missing.
    driver.find_element(By.CSS_SELECTOR, "header a[href='/producer']").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "section.producer-item")))
    items = driver.find_elements(By.CSS_SELECTOR, "section.producer-item")
    results.check(any(PRODUCT in item.text for item in items), f"[{size}] the producer's page lists her product",
                  str([i.text[:60] for i in items]))
    results.check(any(item.find_elements(By.CSS_SELECTOR, "li.missing") for item in items),
                  f"[{size}] the producer's page shows the missing dossier items")
    no_overflow(results, driver, f"[{size}] producer's page")
    screenshot(driver, shots, f"{size}-6-producer-page")
    driver.get(base + "/pipeline")
    driver.find_element(By.LINK_TEXT, DEVELOPING).click()
    driver.find_element(By.XPATH, f"//tr[td[normalize-space()='{PRODUCT}']]//a").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "stage")))
    results.check(path_of(driver) == product_path, f"[{size}] the producer reaches the same product page", path_of(driver))
    forms = driver.find_elements(By.CSS_SELECTOR, "#actions form")
    titles = [f.find_element(By.TAG_NAME, "h3").text for f in forms]
    results.check("Nộp hồ sơ đánh giá, phân hạng" in titles, f"[{size}] the producer has the submit-dossier form", str(titles))
    for form in forms:
        results.check(form.find_elements(By.CSS_SELECTOR, "input[name=csrf]") and form.find_element(By.TAG_NAME, "button").is_displayed(),
                      f"[{size}] form “{form.find_element(By.TAG_NAME, 'h3').text}” has a CSRF token and a visible button")
    no_overflow(results, driver, f"[{size}] producer's product page")
    screenshot(driver, shots, f"{size}-6-producer-actions")
    upload_walk(results, driver, base, token, shots, size)
    sign_out(results, driver, base, size)


def upload_walk(results, driver, base, token, shots, size):
    """On the product page, the producer uploads a PDF to the missing self-assessment item and sees it turn present
    with a download link; the file is then removed through the API so the next size starts from the same dossier."""
    item = driver.find_element(By.ID, "item-self-assessment")
    results.check(item.get_attribute("data-status") == "missing" and "chưa có" in item.text,
                  f"[{size}] the self-assessment report is missing before the upload", item.text)
    form = driver.find_element(By.ID, "upload")
    results.check(form.get_attribute("enctype") == "multipart/form-data" and form.find_elements(By.CSS_SELECTOR, "input[name=csrf]"),
                  f"[{size}] the upload form is multipart with a CSRF token")
    from selenium.webdriver.support.ui import Select
    chooser = Select(driver.find_element(By.ID, "upload-item"))
    results.check(chooser.first_selected_option.get_attribute("value") == "self-assessment",
                  f"[{size}] the first missing item is chosen", chooser.first_selected_option.text)
    folder = tempfile.mkdtemp(prefix="ocop-upload.")
    path = os.path.join(folder, "Báo cáo tự đánh giá.pdf")
    with open(path, "wb") as file:
        file.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    driver.find_element(By.ID, "upload-file").send_keys(path)
    no_overflow(results, driver, f"[{size}] product page with the upload form")
    screenshot(driver, shots, f"{size}-6b-upload-chosen")
    form.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#item-self-assessment[data-status=present]")))
    item = driver.find_element(By.ID, "item-self-assessment")
    links = item.find_elements(By.CSS_SELECTOR, "a.file")
    results.check(item.get_attribute("data-status") == "present" and "✓" in item.text and not "missing" in (item.get_attribute("class") or ""),
                  f"[{size}] after the upload the item is present", item.text)
    results.check([a.text for a in links] == ["Báo cáo tự đánh giá.pdf"], f"[{size}] the item links its file", str([a.text for a in links]))
    flash = driver.find_elements(By.CSS_SELECTOR, "p.flash.ok")
    results.check(flash and "Đã tải lên" in flash[0].text, f"[{size}] the upload is confirmed", flash[0].text if flash else "")
    no_overflow(results, driver, f"[{size}] product page after the upload")
    screenshot(driver, shots, f"{size}-6c-uploaded")
    shutil.rmtree(folder, ignore_errors=True)
    # The download link serves the PDF as uploaded (fetched with the page's session cookie).
    import urllib.request
    href = links[0].get_attribute("href") if links else ""
    cookie = driver.get_cookie("ocop_session")
    if href and cookie:
        request = urllib.request.Request(href, headers={"Cookie": f"ocop_session={cookie['value']}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
            results.check(response.headers.get("Content-Type") == "application/pdf" and body.startswith(b"%PDF-"),
                          f"[{size}] the link downloads the PDF", response.headers.get("Content-Type", ""))
    document = re.search(r"/documents/(\d+)", href or "")
    if document:
        status, _ = api_request(base, f"/api/v1/documents/{document.group(1)}", token, method="DELETE")
        results.check(status == 200, f"[{size}] the producer removes the file again (API)", str(status))


NTM_DAY = "2022-10-31"


def units_on_page(driver):
    """{unit name: its <li>} for every unit shown on the NTM or report page."""
    units = {}
    for item in driver.find_elements(By.CSS_SELECTOR, "main li.unit"):
        names = item.find_elements(By.CSS_SELECTOR, ".unit-name")
        if names and names[0].text.strip():
            units.setdefault(names[0].text.strip(), item)
    return units


def pick_day(driver, day):
    """Types the day as an official would (dd/mm/yyyy) into the date field and submits; `day` is ISO."""
    year, month, dom = day.split("-")
    field = driver.find_element(By.CSS_SELECTOR, "form.asof input[name=asOf]")
    field.clear()
    field.send_keys(f"{dom}/{month}/{year}")
    driver.find_element(By.CSS_SELECTOR, "form.asof button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: f"asOf={dom}%2F{month}%2F{year}" in d.current_url)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "form.asof input[name=asOf]").get_attribute("value") == f"{dom}/{month}/{year}")


def counts_of(item):
    return [c.text.strip() for c in item.find_elements(By.CSS_SELECTOR, ".meter .count")]


def ntm_walk(results, driver, base, shots, size):
    """The NTM and report pages of the Vũ Quang demo as of 31/10/2022, for the signed-in district officer."""
    nav = driver.find_element(By.CSS_SELECTOR, "header nav")
    links = {a.text.strip(): a.get_attribute("href") for a in nav.find_elements(By.TAG_NAME, "a")}
    results.check("NTM" in links and "Báo cáo" in links, f"[{size}] the navigation offers NTM and Báo cáo", str(list(links)))
    driver.find_element(By.CSS_SELECTOR, "header nav a[href='/ntm']").click()
    WebDriverWait(driver, 10).until(lambda d: path_of(d).startswith("/ntm"))
    heading = driver.find_element(By.TAG_NAME, "h1").text
    results.check(heading == "Tiến độ xây dựng nông thôn mới", f"[{size}] the NTM page is headed in Vietnamese", heading)
    today = driver.find_element(By.ID, "as-of").text
    results.check(re.fullmatch(r"\d{2}/\d{2}/\d{4}", today) is not None, f"[{size}] the NTM page defaults to today as dd/mm/yyyy", today)
    pick_day(driver, NTM_DAY)
    shown = driver.find_element(By.ID, "as-of").text
    results.check(shown == "31/10/2022", f"[{size}] the date form shows the figures as of 31/10/2022", shown)

    groups = [h.text for h in driver.find_elements(By.CSS_SELECTOR, "section.ntm-group h2")]
    results.check("Nhóm xã đăng ký xây dựng NTM kiểu mẫu năm 2022" in groups and "Các xã còn lại" in groups,
                  f"[{size}] the communes are grouped as the report groups them", str(groups))
    model = driver.find_elements(By.ID, "group-model")
    results.check(model and "80–85%" in model[0].find_element(By.CSS_SELECTOR, ".group-range").text,
                  f"[{size}] the model group is at 80–85% KH", model[0].text[:200] if model else "no model group")

    units = units_on_page(driver)
    duc_linh = units.get("Đức Lĩnh")
    results.check(duc_linh is not None and counts_of(duc_linh)[:2] == ["13/20", "3/4"],
                  f"[{size}] Đức Lĩnh shows 13/20 criteria and 3/4 model conditions",
                  str(counts_of(duc_linh)) if duc_linh else str(list(units)))
    if duc_linh:
        bar = duc_linh.find_elements(By.TAG_NAME, "progress")
        results.check(bar and bar[0].get_attribute("value") == "13" and bar[0].get_attribute("max") == "20" and bar[0].is_displayed(),
                      f"[{size}] Đức Lĩnh's progress bar is 13 of 20 and visible")
        results.check("80–85%" in duc_linh.text and "KH" in duc_linh.text, f"[{size}] Đức Lĩnh is at 80–85% KH", duc_linh.text)
    an_phu = units.get("Ân Phú")
    results.check(an_phu is not None and counts_of(an_phu)[:2] == ["13/20", "2/4"], f"[{size}] Ân Phú shows 13/20 and 2/4",
                  str(counts_of(an_phu)) if an_phu else "")
    duc_bong = units.get("Đức Bồng")
    blockers = [li.text for li in duc_bong.find_elements(By.CSS_SELECTOR, "ul.blockers li")] if duc_bong else []
    results.check(duc_bong is not None and counts_of(duc_bong)[:1] == ["11/20"], f"[{size}] Đức Bồng shows 11/20",
                  str(counts_of(duc_bong)) if duc_bong else "")
    results.check(any("ban hành" in b and "hồ sơ" in b for b in blockers),
                  f"[{size}] Đức Bồng says the criteria set is not issued, so no dossier can be built", str(blockers))
    town = units.get("Thị trấn Vũ Quang")
    results.check(town is not None and "12/18" in counts_of(town), f"[{size}] the town shows 12/18", str(counts_of(town)) if town else "")
    for name in ["Hương Minh", "Quang Thọ", "Đức Hương"]:
        item = units.get(name)
        results.check(item is not None and "70–75%" in item.text, f"[{size}] {name} maintains at 70–75% KH", item.text if item else "")

    forecasts = driver.find_elements(By.ID, "forecasts")
    results.check(forecasts and "forecast" in forecasts[0].get_attribute("class").split(),
                  f"[{size}] the year-end forecasts are a card of their own")
    if forecasts:
        text = forecasts[0].text
        results.check("Dự kiến" in text and "31/12/2022" in text and "15–20" in text,
                      f"[{size}] the forecasts say what is expected by 31/12/2022", text)
        inside = driver.execute_script("return !!arguments[0].closest('.ntm-group, #residential, #towns')", forecasts[0])
        results.check(not inside, f"[{size}] the forecasts are kept apart from achieved values")
    no_overflow(results, driver, f"[{size}] NTM page")
    screenshot(driver, shots, f"{size}-7-ntm")

    # The report page, through the navigation and the date form.
    driver.find_element(By.CSS_SELECTOR, "header nav a[href='/report']").click()
    WebDriverWait(driver, 10).until(lambda d: path_of(d).startswith("/report"))
    pick_day(driver, NTM_DAY)
    heading = driver.find_element(By.TAG_NAME, "h1").text
    results.check(heading.startswith("Báo cáo kết quả xây dựng NTM"), f"[{size}] the report page is headed in Vietnamese", heading)
    results.check(driver.find_element(By.ID, "as-of").text == "31/10/2022", f"[{size}] the report is as of 31/10/2022")
    criteria = {}
    for row in driver.find_elements(By.CSS_SELECTOR, "#district-criteria tbody tr"):
        cells = [c.text.strip() for c in row.find_elements(By.TAG_NAME, "td")]
        if cells:
            criteria[cells[0]] = cells[-1]
    results.check(criteria.get("Quy hoạch", "").startswith("85–95%") and criteria.get("Môi trường", "").startswith("65–70%"),
                  f"[{size}] the district criteria read 85–95% and 65–70%", str(criteria))
    results.check("521" in driver.find_element(By.ID, "results").text if driver.find_elements(By.ID, "results") else False,
                  f"[{size}] the key results list the 521 planning markers")
    units = units_on_page(driver)
    duc_linh = units.get("Đức Lĩnh")
    results.check(duc_linh is not None and "13/20" in counts_of(duc_linh), f"[{size}] the report shows Đức Lĩnh's 13/20")
    ocop = driver.find_elements(By.ID, "ocop")
    results.check(ocop and "Giò bột Hiên Tý" in ocop[0].text and "Nước chấm Thanh Mai" in ocop[0].text,
                  f"[{size}] the OCOP section names the approved ideas", ocop[0].text[:300] if ocop else "")
    link = driver.find_elements(By.CSS_SELECTOR, "p.downloads a[href^='/report.csv']")
    results.check(link and f"asOf={NTM_DAY}" in link[0].get_attribute("href"), f"[{size}] the CSV link is for the date shown")
    if link:
        import urllib.request
        cookie = driver.get_cookie("ocop_session")
        request = urllib.request.Request(link[0].get_attribute("href"), headers={"Cookie": f"ocop_session={cookie['value']}" if cookie else ""})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = response.read()
                kind = response.headers.get("Content-Type", "")
                disposition = response.headers.get("Content-Disposition", "")
        except OSError as error:
            body, kind, disposition = b"", str(error), ""
        results.check(kind.startswith("text/csv") and body.startswith(b"\xef\xbb\xbf") and "Đức Lĩnh" in body.decode("utf-8", "replace"),
                      f"[{size}] the CSV download is UTF-8 with a BOM and names Đức Lĩnh", kind)
        results.check("bao-cao-vu-quang-2022-10-31.csv" in disposition, f"[{size}] the CSV file is named for the district and date", disposition)
    no_overflow(results, driver, f"[{size}] report page")
    screenshot(driver, shots, f"{size}-8-report")


def search_walk(results, driver, base, shots, size):
    """The header's search box: "nuoc cham thanh mai", typed without diacritics, finds the product and leads to it."""
    box = driver.find_element(By.CSS_SELECTOR, "header form.nav-search input[name=q]")
    results.check(box.is_displayed(), f"[{size}] the header has a search box")
    box.clear()
    box.send_keys("nuoc cham thanh mai")
    driver.find_element(By.CSS_SELECTOR, "header form.nav-search button[type=submit]").click()
    WebDriverWait(driver, 10).until(lambda d: path_of(d).startswith("/search"))
    rows = driver.find_elements(By.CSS_SELECTOR, "#search-results tbody tr")
    texts = [r.text for r in rows]
    results.check(any(PRODUCT in t and "Sản phẩm" in t for t in texts), f"[{size}] search without diacritics finds {PRODUCT}", str(texts))
    shown = driver.find_element(By.ID, "search-q").get_attribute("value")
    results.check(shown == "nuoc cham thanh mai", f"[{size}] the search page shows the words as typed", shown)
    no_overflow(results, driver, f"[{size}] search page")
    screenshot(driver, shots, f"{size}-9-search")
    link = [r for r in rows if "Sản phẩm" in r.text]
    if link:
        link[0].find_element(By.CSS_SELECTOR, "a[href^='/instances/']").click()
        WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "stage")))
        results.check(driver.find_element(By.TAG_NAME, "h1").text == PRODUCT, f"[{size}] the hit opens the product's page")
    driver.get(base + "/search?q=" + "xyz%20khong%20co")
    results.check(driver.find_elements(By.ID, "search-none"), f"[{size}] a search that finds nothing says so")


def pdf_of(driver, path):
    """Prints the current page to PDF as Chromium's print dialog would (the page's own @page size) and checks it."""
    import subprocess
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    with open(path, "wb") as file:
        file.write(b64decode(pdf["data"]))
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    text = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True).stdout if shutil.which("pdftotext") else ""
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", path, path[:-4]], capture_output=True)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    pages = re.search(r"Pages:\s+(\d+)", info)
    return (float(size.group(1)), float(size.group(2))) if size else None, int(pages.group(1)) if pages else 0, text


def is_a4(size):
    # A4 is 595.28 × 841.89 pt.
    return size is not None and abs(size[0] - 595.3) < 2 and abs(size[1] - 841.9) < 2


def excel_and_print_walk(results, driver, base, token, shots, size):
    """The officer downloads the report as .xlsx from the report page, and prints the report, a certificate and a
    product's rating results to A4 PDFs (Chromium's own printing), checked with poppler (pdfinfo, pdftotext)."""
    import time
    folder = tempfile.mkdtemp(prefix="ocop-downloads.")
    driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": folder})
    driver.get(base + f"/report?asOf={NTM_DAY}")
    link = driver.find_elements(By.ID, "download-xlsx")
    results.check(link and link[0].is_displayed() and "Excel" in link[0].text, f"[{size}] the report page offers an Excel download")
    name = "bao-cao-vu-quang-2022-10-31.xlsx"
    if link:
        link[0].click()
        target = os.path.join(folder, name)
        for _ in range(100):
            if os.path.exists(target) and not os.path.exists(target + ".crdownload"):
                break
            time.sleep(0.2)
        results.check(os.path.exists(target), f"[{size}] the browser downloads {name}", str(os.listdir(folder)))
        if os.path.exists(target):
            try:
                import openpyxl
                sheet = openpyxl.load_workbook(target).active
                values = [c.value for row in sheet.iter_rows() for c in row]
                results.check(sheet.freeze_panes == "A2" and "Đức Lĩnh" in values,
                              f"[{size}] the downloaded workbook opens in openpyxl, header frozen, Vietnamese kept", str(sheet.freeze_panes))
            except ImportError:
                results.check(False, f"[{size}] openpyxl is installed to read the workbook back")
    shutil.rmtree(folder, ignore_errors=True)

    printed = driver.find_elements(By.ID, "print-report")
    results.check(printed and printed[0].is_displayed(), f"[{size}] the report page links to its A4 print")
    if printed:
        printed[0].click()
        WebDriverWait(driver, 10).until(lambda d: "print=1" in d.current_url)
        results.check(not driver.find_elements(By.CSS_SELECTOR, "header nav"), f"[{size}] the print layout has no navigation")
        paper, pages, text = pdf_of(driver, os.path.join(shots, f"{size}-report.pdf"))
        results.check(is_a4(paper), f"[{size}] the report prints on A4", str(paper))
        results.check("Đức Lĩnh" in text and "31/10/2022" in text and "Đăng xuất" not in text and "Tải về" not in text,
                      f"[{size}] the printed report has the figures and no navigation or buttons", text[:200])
        results.check(pages >= 2, f"[{size}] the report runs over several A4 pages", str(pages))

    status, body = api_get(base, "/api/v1/ocop/certificates", token)
    certificates = body.get("items", []) if status == 200 else []
    results.check(certificates, "[print] the demo has certificates to print", str(status))
    if certificates:
        certificate = certificates[0]
        driver.get(base + f"/instances/{certificate['id']}")
        link = driver.find_elements(By.CSS_SELECTOR, f"a[href='/print/certificate/{certificate['id']}']")
        results.check(link, f"[{size}] the certificate's page links to its A4 print")
        driver.get(base + f"/print/certificate/{certificate['id']}")
        paper, pages, text = pdf_of(driver, os.path.join(shots, f"{size}-certificate.pdf"))
        results.check(is_a4(paper) and pages == 1, f"[{size}] the certificate prints on one A4 page", f"{paper}, {pages} pages")
        results.check("GIẤY CHỨNG NHẬN SẢN PHẨM OCOP" in text and certificate["name"] in text and certificate["subjectName"] in text
                      and certificate["fields"]["decision_ref"] in text,
                      f"[{size}] the printed certificate names the product, producer and decision", text[:300])
        product = certificate["fields"]["product"]
        driver.get(base + f"/instances/{product}")
        link = driver.find_elements(By.CSS_SELECTOR, f"a[href='/print/rating/{product}']")
        results.check(link, f"[{size}] the product's page links to its rating results")
        driver.get(base + f"/print/rating/{product}")
        paper, pages, text = pdf_of(driver, os.path.join(shots, f"{size}-rating.pdf"))
        results.check(is_a4(paper), f"[{size}] the council's result sheet prints on A4", str(paper))
        results.check("BIÊN BẢN KẾT QUẢ ĐÁNH GIÁ" in text and "Điểm trung bình" in text and certificate["name"] in text
                      and "forward(" not in text,
                      f"[{size}] the printed result sheet has the scores and the average", text[:300])
    # Back to a page with the navigation (the print layout has none).
    driver.get(base + "/pipeline")


def api_get(base, path, token, language="vi"):
    """GET a JSON API path with a bearer token; (status, body) — errors are problem+json bodies too."""
    import json
    import urllib.error
    import urllib.request
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}", "Accept-Language": language})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode("utf-8") or "{}")


def api_request(base, path, token, method="GET"):
    """A JSON API request with a bearer token; (status, body)."""
    import json
    import urllib.error
    import urllib.request
    request = urllib.request.Request(base + path, method=method, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read().decode("utf-8") or "{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode("utf-8") or "{}")


def api_checks(results, base, officer, producer):
    """The OCOP lists of the JSON API on the same demo, as the officer and as the producer see them."""
    status, body = api_get(base, "/api/v1/ocop/certificates?expiringWithin=90&asOf=2024-12-01", officer)
    items = body.get("items", [])
    results.check(status == 200 and len(items) == 5, "[api] the five 2021 certificates expire within 90 days of 01/12/2024", str(status))
    results.check(all(item["stateLabel"] == "Còn hiệu lực" for item in items), "[api] states are labelled in Vietnamese")
    status, body = api_get(base, "/api/v1/ocop/ideas?year=2022&state=PROPOSED", officer, "en")
    results.check(status == 200 and len(body.get("items", [])) == 2, "[api] two 2022 ideas are still proposed", str(status))
    # Stars follow the certificates' validity by date: the 2021 products hold 3★ until 21/02/2025, none after.
    status, body = api_get(base, "/api/v1/ocop/products?stars=3&limit=2&asOf=2024-12-01", officer)
    results.check(status == 200 and len(body.get("items", [])) == 2 and body.get("nextCursor"), "[api] products by stars page with a cursor")
    status, body = api_get(base, "/api/v1/ocop/products?stars=3&asOf=2025-03-01", officer)
    results.check(status == 200 and body.get("items") == [], "[api] no 3★ product once the certificates have expired by date", str(body)[:200])
    if producer:
        status, body = api_get(base, "/api/v1/ocop/products", producer)
        names = [item["name"] for item in body.get("items", [])]
        results.check(status == 200 and names == ["Nước chấm Thanh Mai"], "[api] a producer lists only their own product", str(names))
    status, body = api_get(base, "/api/v1/ocop/ideas?year=abc", officer)
    results.check(status == 400 and body.get("status") == 400, "[api] a bad filter is a 400 problem", str(status))
    status, body = api_get(base, f"/api/v1/ntm/units?asOf={NTM_DAY}", officer)
    units = {item["unit"]["name"]: item for item in body.get("items", [])}
    duc_linh = units.get("Đức Lĩnh", {})
    results.check(status == 200 and (duc_linh.get("criteria") or {}).get("metOrBasicallyMet") == 13
                  and duc_linh.get("modelConditionsMet") == 3 and duc_linh.get("group") == "model",
                  "[api] NTM units: Đức Lĩnh 13/20, 3/4, in the model group", str(status))
    status, body = api_get(base, f"/api/v1/reports/district?asOf={NTM_DAY}", officer)
    results.check(status == 200 and body.get("asOf") == NTM_DAY and body.get("district", {}).get("name") == "Vũ Quang",
                  "[api] the district report as of 31/10/2022", str(status))
    status, body = api_get(base, "/api/v1/reports/district?asOf=31-13-2022", officer)
    results.check(status == 400 and body.get("parameter") == "asOf", "[api] a bad asOf is a 400 naming it", str(status))
    if producer:
        status, body = api_get(base, f"/api/v1/ntm/units?asOf={NTM_DAY}", producer)
        results.check(status == 403, "[api] a producer may not read NTM progress", str(status))


def english_browser_walk(results, base, password, shots):
    """A user whose saved language is Vietnamese, in an English browser: Vietnamese pages, dates dd/mm/yyyy."""
    for size, width, height, mobile in SIZES:
        profile = tempfile.mkdtemp(prefix="ocop-chromium.")
        driver = None
        try:
            driver = browser(width, height, mobile, profile, language="en-US")
            sign_in_with_password(driver, base, "cb-huyen", password)
            results.check(path_of(driver) == "/pipeline", f"[{size}/en] the officer signs in from an English browser", path_of(driver))
            language = driver.find_element(By.TAG_NAME, "html").get_attribute("lang")
            heading = driver.find_element(By.TAG_NAME, "h1").text
            results.check(language == "vi" and "Tiến độ" in heading, f"[{size}/en] the saved language (vi) wins over the browser's",
                          f"lang={language} h1={heading}")
            driver.find_element(By.LINK_TEXT, DEVELOPING).click()
            driver.find_element(By.XPATH, f"//tr[td[normalize-space()='{PRODUCT}']]//a").click()
            WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.ID, "stage")))
            results.check(not driver.find_elements(By.CSS_SELECTOR, "input[type=date]"),
                          f"[{size}/en] no browser date picker (it would show mm/dd/yyyy)")
            dated = driver.find_elements(By.CSS_SELECTOR, "input[placeholder='dd/mm/yyyy']")
            results.check(all(field.get_attribute("type") == "text" for field in dated),
                          f"[{size}/en] date fields are typed as dd/mm/yyyy", str(len(dated)))
            text = driver.find_element(By.TAG_NAME, "main").text
            results.check(re.search(r"\b\d{2}/\d{2}/\d{4}\b", text) is not None and re.search(r"\b\d{4}-\d{2}-\d{2}\b", text) is None,
                          f"[{size}/en] dates on the record page read dd/mm/yyyy")
            results.check(not re.search(r"\b(mandatory met|scored level|submission kind|null)\b", text),
                          f"[{size}/en] no raw field keys on the record page")
            screenshot(driver, shots, f"{size}-7-english-browser")
        except (WebDriverException, AssertionError, OSError) as error:
            results.check(False, f"[{size}/en] the English-browser walk finished", f"{type(error).__name__}: {error}")
            traceback.print_exc()
        finally:
            if driver:
                driver.quit()
            shutil.rmtree(profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--token-file", required=True, help="cb-huyen's token")
    parser.add_argument("--producer-token-file", help="thanhmai's token")
    parser.add_argument("--producer-password-file", help="thanhmai's password")
    parser.add_argument("--officer-password-file", help="cb-huyen's password")
    parser.add_argument("--screenshots", help="folder for the PNGs (default: a new temp folder)")
    arguments = parser.parse_args()
    arguments.screenshots = arguments.screenshots or tempfile.mkdtemp(prefix="ocop-browser-shots.")
    os.makedirs(arguments.screenshots, exist_ok=True)
    base = arguments.base_url.rstrip("/")
    token = open(arguments.token_file, encoding="utf-8").read().strip()
    producer = open(arguments.producer_token_file, encoding="utf-8").read().strip() if arguments.producer_token_file else None
    producer_password = open(arguments.producer_password_file, encoding="utf-8").read().strip() if arguments.producer_password_file else None
    officer_password = open(arguments.officer_password_file, encoding="utf-8").read().strip() if arguments.officer_password_file else None

    results = Results()
    api_checks(results, base, token, producer)
    for size, width, height, mobile in SIZES:
        profile = tempfile.mkdtemp(prefix="ocop-chromium.")
        driver = None
        try:
            driver = browser(width, height, mobile, profile)
            product_path = officer_walk(results, driver, base, token, arguments.screenshots, size, width)
            sign_in(driver, base, token)
            ntm_walk(results, driver, base, arguments.screenshots, size)
            search_walk(results, driver, base, arguments.screenshots, size)
            if not mobile:
                excel_and_print_walk(results, driver, base, token, arguments.screenshots, size)
            sign_out(results, driver, base, size)
            if producer_password and product_path:
                producer_walk(results, driver, base, producer_password, arguments.screenshots, size, product_path, producer)
        except (WebDriverException, AssertionError, OSError) as error:
            results.check(False, f"[{size}] the walk through the dashboard finished", f"{type(error).__name__}: {error}")
            traceback.print_exc()
            if driver:
                try:
                    screenshot(driver, arguments.screenshots, f"{size}-error")
                except (WebDriverException, OSError):
                    pass
        finally:
            if driver:
                driver.quit()
            shutil.rmtree(profile, ignore_errors=True)

    if officer_password:
        english_browser_walk(results, base, officer_password, arguments.screenshots)

    print(f"screenshots: {arguments.screenshots}")
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed or not results.passed else 0


if __name__ == "__main__":
    sys.exit(main())
