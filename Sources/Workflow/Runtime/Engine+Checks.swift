import Foundation

/// The conditions checked before an event is accepted: state, role and guards. Inputs are in `Engine+Inputs.swift`.
extension Engine {
    /// What the precondition checks found out, beyond the reasons they recorded.
    struct Check {
        /// The event declaration that applies from the current state, or the only one with that name when the state is
        /// wrong (so its roles, guards and inputs can still be judged and reported together).
        var declaration: EventDefinition?
        /// True when `declaration` may be fired from the current state.
        var stateAllows: Bool
        /// The role the actor acts in, when allowed.
        var actingRole: String?
        /// Guards not judged because they read the input and no input was given.
        var deferredGuards: [String] = []
    }

    /// Checks state, role and guards, appending a reason for each unmet condition.
    func checkPreconditions(
        _ snapshot: Snapshot, event: String, actor: WorkflowActor, input: [String: JSONValue], now: Date,
        judgeInputGuards: Bool, reasons: inout [Rejection.Reason]
    ) -> Check {
        let declarations = definition.events(named: event)
        guard !declarations.isEmpty else {
            reasons.append(.init(.unknownEvent, subject: event, vi: "quy trình không có sự kiện \"\(event)\"",
                                 en: "the workflow has no event \"\(event)\""))
            return Check(declaration: nil, stateAllows: false, actingRole: nil)
        }
        guard let state = definition.state(snapshot.state) else {
            reasons.append(.init(.unknownState, subject: snapshot.state,
                                 vi: "trạng thái \"\(snapshot.state)\" không có trong quy trình \(definition.name)",
                                 en: "state \"\(snapshot.state)\" is not in workflow \(definition.name)"))
            return Check(declaration: nil, stateAllows: false, actingRole: nil)
        }

        var check = Check(declaration: definition.event(named: event, from: state.code), stateAllows: true, actingRole: nil)
        if check.declaration == nil {
            check.stateAllows = false
            let sources = declarations.flatMap(\.from).compactMap { definition.state($0) }
            let viList = sources.map { "\($0.label.vi) (\($0.code))" }.joined(separator: ", ")
            let enList = sources.map { "\($0.label.en) (\($0.code))" }.joined(separator: ", ")
            reasons.append(.init(.wrongState, subject: state.code,
                                 vi: "không thể thực hiện ở trạng thái \(state.label.vi) (\(state.code)); chỉ từ: \(viList)",
                                 en: "not possible in state \(state.label.en) (\(state.code)); only from: \(enList)"))
            check.declaration = declarations.count == 1 ? declarations[0] : nil
        }

        // With several declarations and the wrong state, any of their roles would be the right one to ask for.
        var allowed: [String] = []
        for role in (check.declaration.map { [$0] } ?? declarations).flatMap(\.roles) where !allowed.contains(role) {
            allowed.append(role)
        }
        check.actingRole = allowed.first { actor.roles.contains($0) }
        if check.actingRole == nil {
            let held = actor.roles.sorted().joined(separator: ", ")
            reasons.append(.init(.roleNotAllowed, subject: actor.id,
                                 vi: "vai trò [\(held)] không được phép; cần một trong: \(allowed.joined(separator: ", "))",
                                 en: "roles [\(held)] are not allowed; needs one of: \(allowed.joined(separator: ", "))"))
        }

        guard let declaration = check.declaration else { return check }
        for reference in declaration.guards {
            guard let spec = guards[reference.name] else {
                reasons.append(.init(.guardUnavailable, subject: reference.name,
                                     vi: "điều kiện \"\(reference.name)\" chưa được đăng ký trong hệ thống",
                                     en: "guard \"\(reference.name)\" is not registered"))
                continue
            }
            if !judgeInputGuards, spec.readsInput(with: reference.parameters) {
                check.deferredGuards.append(reference.name)
                continue
            }
            let context = GuardContext(
                data: snapshot.data, input: input, actor: actor, state: snapshot.state, event: event,
                parameters: reference.parameters, now: now, calendar: calendar
            )
            if case .failed(let message) = spec.check(context) {
                reasons.append(.init(code: .guardFailed, subject: reference.name, message: message))
            }
        }
        return check
    }
}
