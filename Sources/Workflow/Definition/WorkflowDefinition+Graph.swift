import Foundation

/// Pictures of a workflow for READMEs and reviews: Mermaid (renders on GitHub) and Graphviz DOT.
extension WorkflowDefinition {
    /// One edge per (from, to) pair, with the event names that take it; timer events are marked with ⏱.
    private var edges: [(from: String, to: String, label: String)] {
        let timerEvents = Set(timers.map(\.event))
        var order: [String] = []
        var labels: [String: [String]] = [:]
        for event in events {
            for from in event.from {
                let key = from + "\u{0}" + event.to
                if labels[key] == nil { order.append(key) }
                let name = timerEvents.contains(event.name) ? "⏱ " + event.name : event.name
                if labels[key]?.contains(name) != true { labels[key, default: []].append(name) }
            }
        }
        return order.map { key in
            let parts = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
            return (parts[0], parts[1], labels[key]!.joined(separator: ", "))
        }
    }

    /// A Mermaid `stateDiagram-v2`, states shown with their Vietnamese labels.
    public func mermaid() -> String {
        var lines = ["stateDiagram-v2"]
        for state in states {
            lines.append("    state \"\(Self.escape(state.label.vi))\" as \(Self.identifier(state.code))")
        }
        lines.append("    [*] --> \(Self.identifier(initialState))")
        for edge in edges {
            lines.append("    \(Self.identifier(edge.from)) --> \(Self.identifier(edge.to)): \(Self.escape(edge.label))")
        }
        for state in states where state.isFinal {
            lines.append("    \(Self.identifier(state.code)) --> [*]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz digraph; final states are double circles, the initial state has an arrow from a point.
    public func dot() -> String {
        var lines = ["digraph \"\(Self.escape(name))\" {", "    rankdir=LR;", "    node [shape=box, style=rounded];", "    __start [shape=point];"]
        for state in states {
            let shape = state.isFinal ? ", shape=doublecircle" : ""
            lines.append("    \"\(Self.escape(state.code))\" [label=\"\(Self.escape(state.label.vi))\\n(\(Self.escape(state.code)))\"\(shape)];")
        }
        lines.append("    __start -> \"\(Self.escape(initialState))\";")
        for edge in edges {
            lines.append("    \"\(Self.escape(edge.from))\" -> \"\(Self.escape(edge.to))\" [label=\"\(Self.escape(edge.label))\"];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid state ids must be plain identifiers; codes already are, but be safe with anything else.
    private static func identifier(_ code: String) -> String {
        String(code.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "'")
    }
}
