import Foundation

/// Applying `set` effects and working out which timers to cancel and schedule.
extension Engine {
    /// The value a `set` effect stores, or nil when there is nothing to store (an absent optional input) or it cannot
    /// be computed (recorded as a reason).
    func value(
        of source: EffectDefinition.Source, field: String, data: [String: JSONValue], input: [String: JSONValue], now: Date,
        reasons: inout [Rejection.Reason]
    ) -> JSONValue? {
        switch source {
        case .input(let name):
            return input[name]
        case .literal(let value):
            return value
        case .today:
            return .string(VietnamTime.date(of: now).description)
        case .timestamp:
            return .string(VietnamTime.isoTimestamp(now))
        case .date(let base, let offset):
            guard let date = data[base]?.dateValue else {
                reasons.append(Engine.dateUnavailable(field: base, for: field))
                return nil
            }
            guard let offset else { return .string(date.description) }
            return .string(offset.duration.apply(to: date, backwards: offset.isBefore, calendar: calendar).description)
        }
    }

    /// Timer effects for moving from `from` (nil at creation) to `to`.
    ///
    /// A timer runs while the instance stays inside the timer's set of states: leaving the set cancels it, entering the
    /// set schedules it, and moving between two of its states (or a self-loop) leaves it alone. Explicit `schedule` and
    /// `cancel` effects of the event come last and win.
    func timerEffects(
        from: String?, to: String, explicit: [EffectDefinition], data: [String: JSONValue], now: Date,
        reasons: inout [Rejection.Reason]
    ) -> [Effect] {
        var cancel: [String] = []
        var schedule: [String] = []
        for timer in definition.timers {
            let wasRunning = from.map { timer.states.contains($0) } ?? false
            let willRun = timer.states.contains(to)
            if wasRunning && !willRun { cancel.append(timer.name) }
            if willRun && !wasRunning { schedule.append(timer.name) }
        }
        for effect in explicit {
            switch effect {
            case .scheduleTimer(let name):
                cancel.removeAll { $0 == name }
                if !schedule.contains(name) { schedule.append(name) }
            case .cancelTimer(let name):
                schedule.removeAll { $0 == name }
                if !cancel.contains(name) { cancel.append(name) }
            default:
                continue
            }
        }

        var effects = cancel.map { Effect.cancelTimer(name: $0) }
        for name in schedule {
            guard let timer = definition.timer(name), let fireAt = fireDate(of: timer, data: data, now: now, reasons: &reasons) else { continue }
            effects.append(.scheduleTimer(name: timer.name, event: timer.event, fireAt: fireAt))
        }
        return effects
    }

    /// When a timer entered now fires; a date in the past is returned as is, and the timer runner fires it at once.
    func fireDate(of timer: TimerDefinition, data: [String: JSONValue], now: Date, reasons: inout [Rejection.Reason]) -> Date? {
        switch timer.schedule {
        case .after(let duration):
            return duration.apply(to: now, calendar: calendar)
        case .at(let field, let offset):
            guard let value = data[field], let base = VietnamTime.instant(from: value) else {
                reasons.append(Engine.dateUnavailable(field: field, for: "timer \(timer.name)"))
                return nil
            }
            guard let offset else { return base }
            return offset.duration.apply(to: base, backwards: offset.isBefore, calendar: calendar)
        }
    }

    static func dateUnavailable(field: String, for target: String) -> Rejection.Reason {
        .init(.dateUnavailable, subject: field,
              vi: "trường \(field) chưa có hoặc không phải ngày yyyy-mm-dd (cần cho \(target))",
              en: "field \(field) is missing or not a yyyy-mm-dd date (needed for \(target))")
    }
}
