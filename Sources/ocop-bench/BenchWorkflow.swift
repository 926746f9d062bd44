import Foundation
import Workflow

/// The workflows the benchmarks run, embedded so that the binary needs no files besides `sql/`.
enum BenchWorkflow {
    /// A timer-free cycle A → B → C → A: `step` is valid from every state, so every fire of it is accepted;
    /// `reset` (B or C → A) is refused from A, which gives load drivers rejections to count.
    static let cycleName = "bench_cycle"
    static let cycleYAML = """
        # Written by ocop-bench: the smallest cyclic workflow, with no timers, guards or inputs.
        workflow: bench_cycle
        version: "bench-1"
        title: { vi: Vòng đo hiệu năng, en: Benchmark cycle }
        roles: [BENCH]
        initial: A

        states:
          A: { vi: Bước A, en: Step A }
          B: { vi: Bước B, en: Step B }
          C: { vi: Bước C, en: Step C }

        events:
          - name: step
            from: A
            to: B
            roles: [BENCH]
          - name: step
            from: B
            to: C
            roles: [BENCH]
          - name: step
            from: C
            to: A
            roles: [BENCH]
          - name: reset
            from: [B, C]
            to: A
            roles: [BENCH]

        """

    /// One state with a one-hour timer that moves the instance on (for `ocop-bench timers`).
    static let timerName = "bench_timer"
    static let timerYAML = """
        # Written by ocop-bench: every new instance schedules one timer, due an hour later.
        workflow: bench_timer
        version: "bench-1"
        title: { vi: Hẹn giờ đo hiệu năng, en: Benchmark timer }
        roles: [BENCH, SYSTEM]
        initial: WAITING

        states:
          WAITING: { vi: Đang chờ, en: Waiting }
          DONE:    { vi: Xong, en: Done, final: true }

        events:
          - name: wake
            from: WAITING
            to: DONE
            roles: [SYSTEM, BENCH]

        timers:
          - name: alarm
            state: WAITING
            event: wake
            after: 1 hour

        """

    /// The actor every benchmark fire runs as.
    static let actor = WorkflowActor(id: "bench", roles: ["BENCH"])
}
