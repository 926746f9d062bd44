import Foundation
import Testing
@testable import Workflow

/// Timers as data: scheduled on entry, cancelled on exit, relative to date fields, in working days.
@Suite("Timer effects")
struct TimerEffectTests {
    let certificate: Engine
    let idea: Engine

    init() throws {
        let holidays = try Fixtures.vietnamCalendar()
        certificate = Engine(definition: try Fixtures.load("valid/certificate.yaml"), calendar: holidays)
        idea = Engine(definition: try Fixtures.load("valid/idea.yaml"), calendar: holidays)
    }

    @Test("issuing computes expires_on = issued_on + 36 months and schedules both date-relative timers")
    func dateRelative() throws {
        let now = Fixtures.at("2022-11-28", 14)
        let issued = try certificate.transition(
            Snapshot(state: "ISSUING", version: 1), event: "issue", actor: Actors.committee,
            input: ["decision_ref": "1234/QĐ-UBND", "issued_on": "2022-11-28"], now: now
        )
        #expect(issued.snapshot.data["expires_on"] == "2025-11-28")
        #expect(issued.effects == [
            .scheduleTimer(name: "expiry_notice", event: "send_expiry_notice", fireAt: Fixtures.at("2025-10-29", 0)),
            .scheduleTimer(name: "expiry", event: "expire", fireAt: Fixtures.at("2025-11-28", 0)),
        ])
    }

    @Test("leaving a timer's state cancels it; a timer spanning both states is left alone; notify comes after")
    func cancelOnExit() throws {
        let valid = Snapshot(state: "VALID", data: ["expires_on": "2025-11-28"], version: 2)
        let noticed = try certificate.transition(valid, event: "send_expiry_notice", actor: .system, now: Fixtures.at("2025-10-29", 0))
        #expect(noticed.actingRole == "SYSTEM")
        #expect(noticed.effects == [.cancelTimer(name: "expiry_notice"), .notify(roles: ["CT"], message: "certificate_expiring")])

        let renewing = try certificate.transition(
            noticed.snapshot, event: "apply_renewal", actor: Actors.producer, now: Fixtures.at("2025-11-03", 10))
        #expect(renewing.effects == [
            .cancelTimer(name: "expiry"),
            .scheduleTimer(name: "renewal_reminder", event: "remind", fireAt: Fixtures.at("2025-11-05", 10)),
        ])
    }

    @Test("working-day timers skip Tết: 2 working days from Thu 19/01/2023 is Mon 30/01, not Mon 23/01")
    func workingDaysSkipTet() throws {
        let renewing = try certificate.transition(
            Snapshot(state: "VALID", data: ["expires_on": "2023-03-01"], version: 2), event: "apply_renewal",
            actor: Actors.producer, now: Fixtures.at("2023-01-19", 10)
        )
        #expect(renewing.effects.last == .scheduleTimer(name: "renewal_reminder", event: "remind", fireAt: Fixtures.at("2023-01-30", 10)))

        let noHolidays = Engine(definition: certificate.definition, calendar: .weekendsOnly)
        let plain = try noHolidays.transition(
            Snapshot(state: "VALID", data: ["expires_on": "2023-03-01"], version: 2), event: "apply_renewal",
            actor: Actors.producer, now: Fixtures.at("2023-01-19", 10)
        )
        #expect(plain.effects.last == .scheduleTimer(name: "renewal_reminder", event: "remind", fireAt: Fixtures.at("2023-01-23", 10)))
    }

    @Test("an explicit schedule effect restarts a timer on a self-loop")
    func explicitSchedule() throws {
        let looped = try certificate.transition(
            Snapshot(state: "RENEWAL_IN_PROGRESS", version: 4), event: "remind", actor: .system, now: Fixtures.at("2024-04-26", 8)
        )
        #expect(looped.to == "RENEWAL_IN_PROGRESS")
        // Fri 26/04/2024 + 2 working days: 27/04–01/05 are off (Sat 04/05 is a make-up day) → Thu 02/05 is 1, Fri 03/05 is 2.
        #expect(looped.effects == [.scheduleTimer(name: "renewal_reminder", event: "remind", fireAt: Fixtures.at("2024-05-03", 8))])
    }

    @Test("returning an idea starts the 10-working-day deadline; resubmitting cancels it")
    func ideaRetryWindow() throws {
        let returned = try idea.transition(
            Snapshot(state: "SURVEYED", version: 3), event: "return", actor: Actors.district,
            input: ["reason": "thiếu ảnh sản phẩm", "round": "first"], now: Fixtures.at("2022-11-28", 9)
        )
        #expect(returned.snapshot.data["returned_at"] == "2022-11-28T02:00:00Z")
        #expect(returned.snapshot.data["retry_after"] == "2022-12-05")
        #expect(returned.effects == [.scheduleTimer(name: "retry_deadline", event: "expire", fireAt: Fixtures.at("2022-12-12", 9))])
        let back = try idea.transition(returned.snapshot, event: "resubmit", actor: Actors.producer, now: Fixtures.at("2022-12-05", 9))
        #expect(back.effects == [.cancelTimer(name: "retry_deadline")])
    }

    static let inline = """
        workflow: w
        version: "1"
        roles: [A, SYSTEM]
        initial: WAITING
        states:
          WAITING: { vi: Chờ, en: Waiting }
          DUE: { vi: Đến hạn, en: Due }
          DONE: { vi: Xong, en: Done, final: true }
        events:
          - name: plan
            from: WAITING
            to: DUE
            roles: [A]
          - name: timeout
            from: [WAITING, DUE]
            to: DONE
            roles: [SYSTEM]
        timers:
          - name: nudge
            state: WAITING
            event: timeout
            after: 12 hours
          - name: deadline
            state: DUE
            event: timeout
            at: due_on
            after: 1 working day
        """

    @Test("creation schedules the initial state's timers; hours are elapsed time")
    func startSchedules() throws {
        let engine = Engine(definition: try WorkflowDefinition.load(path: "w.yaml", yaml: Self.inline, guards: .builtIn))
        let created = try engine.start(now: Fixtures.at("2022-11-28", 20))
        #expect(created.snapshot.version == 1)
        #expect(created.effects == [.scheduleTimer(name: "nudge", event: "timeout", fireAt: Fixtures.at("2022-11-29", 8))])
    }

    @Test("a date-relative timer whose field is missing rejects the event with dateUnavailable")
    func missingDateField() throws {
        let engine = Engine(definition: try WorkflowDefinition.load(path: "w.yaml", yaml: Self.inline, guards: .builtIn))
        let now = Fixtures.at("2022-11-28", 9)
        let planner = WorkflowActor(id: "a", roles: ["A"])
        #expect(throws: Rejection.self) { try engine.transition(Snapshot(state: "WAITING", version: 1), event: "plan", actor: planner, now: now) }
        do {
            _ = try engine.transition(Snapshot(state: "WAITING", data: ["due_on": "soon"], version: 1), event: "plan", actor: planner, now: now)
        } catch {
            #expect(error.codes == [.dateUnavailable])
            #expect(error.reasons.first?.subject == "due_on")
        }
        let fine = try engine.transition(
            Snapshot(state: "WAITING", data: ["due_on": "2022-12-02"], version: 1), event: "plan", actor: planner, now: now)
        // Friday 02/12 + 1 working day = Monday 05/12, at 00:00 in Vietnam.
        #expect(fine.effects == [
            .cancelTimer(name: "nudge"), .scheduleTimer(name: "deadline", event: "timeout", fireAt: Fixtures.at("2022-12-05", 0)),
        ])
    }
}
