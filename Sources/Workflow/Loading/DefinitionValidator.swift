/// The checks that need the whole definition: reachability, ways out, duplicate events, timers against states.
struct DefinitionValidator {
    let definition: WorkflowDefinition

    func validate(into diagnostics: inout Diagnostics) {
        checkEvents(into: &diagnostics)
        checkTimers(into: &diagnostics)
        checkGraph(into: &diagnostics)
    }

    private func checkEvents(into diagnostics: inout Diagnostics) {
        var seen: [String: SourceLocation] = [:]
        for event in definition.events {
            for state in event.from {
                let key = event.name + "\u{0}" + state
                if let first = seen[key] {
                    diagnostics.add(.duplicateEvent, at: event.location,
                                    vi: "sự kiện \"\(event.name)\" từ trạng thái \(state) đã được khai báo ở dòng \(first.line)",
                                    en: "event \"\(event.name)\" from state \(state) is already declared at line \(first.line)")
                } else {
                    seen[key] = event.location
                }
                if !event.fromAnyState, definition.state(state)?.isFinal == true {
                    diagnostics.add(.eventFromFinalState, at: event.location,
                                    vi: "sự kiện \"\(event.name)\" đi ra từ trạng thái kết thúc \(state)",
                                    en: "event \"\(event.name)\" leaves the final state \(state)")
                }
            }
        }
    }

    private func checkTimers(into diagnostics: inout Diagnostics) {
        for timer in definition.timers {
            for state in timer.states {
                if definition.state(state)?.isFinal == true {
                    diagnostics.add(.timerOnFinalState, at: timer.location,
                                    vi: "bộ hẹn giờ \"\(timer.name)\" gắn với trạng thái kết thúc \(state)",
                                    en: "timer \"\(timer.name)\" is attached to the final state \(state)")
                    continue
                }
                guard let event = definition.event(named: timer.event, from: state) else {
                    diagnostics.add(.timerEventUnavailable, at: timer.location,
                                    vi: "bộ hẹn giờ \"\(timer.name)\": sự kiện \(timer.event) không áp dụng từ trạng thái \(state)",
                                    en: "timer \"\(timer.name)\": event \(timer.event) cannot be fired from state \(state)")
                    continue
                }
                if !event.roles.contains(WorkflowActor.systemRole) {
                    diagnostics.add(.timerEventUnavailable, at: timer.location,
                                    vi: "bộ hẹn giờ \"\(timer.name)\": sự kiện \(timer.event) phải cho phép vai trò SYSTEM",
                                    en: "timer \"\(timer.name)\": event \(timer.event) must allow the role SYSTEM")
                }
            }
        }
    }

    private func checkGraph(into diagnostics: inout Diagnostics) {
        var reached: Set<String> = [definition.initialState]
        var queue = [definition.initialState]
        while let state = queue.popLast() {
            for event in definition.events where event.from.contains(state) && reached.insert(event.to).inserted {
                queue.append(event.to)
            }
        }
        for state in definition.states {
            if !reached.contains(state.code) {
                diagnostics.add(.unreachableState, at: state.location,
                                vi: "không có đường nào từ \(definition.initialState) đến trạng thái \(state.code)",
                                en: "state \(state.code) cannot be reached from \(definition.initialState)")
            }
            // A self-loop (periodic report) is not a way out: an instance could still never finish.
            let exits = definition.events.contains { $0.from.contains(state.code) && $0.to != state.code }
            if !state.isFinal && !exits {
                diagnostics.add(.noWayOut, at: state.location,
                                vi: "trạng thái \(state.code) không phải trạng thái kết thúc nhưng không có sự kiện nào đi ra",
                                en: "state \(state.code) is not final but no event leads out of it")
            }
        }
    }
}
