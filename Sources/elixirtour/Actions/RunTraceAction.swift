import Checker
import Foundation
import TourEngine
import TourObserver
import TourWire

/// `run EXAMPLE --trace [--all] [--ascii] [--mermaid]`: runs the example with its runtime reporting every
/// trace event, its output streamed, then draws the message sequence diagram of what happened,
/// fitted to the terminal (or prints it as Mermaid text to paste elsewhere).
struct RunTraceAction {
    let context: TourContext

    func run(exampleName: String, ascii: Bool, mermaid: Bool, all: Bool = false) throws {
        try run(RunTarget.resolve(exampleName, context: context), ascii: ascii, mermaid: mermaid, all: all)
    }

    func run(_ target: RunTarget, ascii: Bool, mermaid: Bool, all: Bool = false) throws {
        let checker = try RunAction.checker(context: context)
        let terminal = context.terminal
        Console.print(Console.styled("Running \(target.title) with tracing on…", "2", terminal))
        let (outcome, report) = try checker.traceExample(source: target.source, companions: target.companions, name: target.buildName, limits: target.limits)
        if case .compileFailed = outcome { return try RunAction(context: context).report(outcome, target: target) }
        let events = ObserverWire.decodeAll(report).compactMap { message -> EventRecord? in
            if case .event(let event) = message { return event }
            return nil
        }
        let diagram = SequenceDiagram(events: all ? events : LearnerView.events(events), names: Self.names(events))
        Console.print("")
        if mermaid {
            Console.print(MermaidExport.render(diagram))
        } else {
            Console.print(Console.styled("What happened, as the runtime traced it:", "1", terminal))
            let style = DiagramStyle(width: terminal.width, color: terminal.color, ascii: ascii)
            Console.print(SequenceLayout.render(diagram, style: style))
        }
        try RunAction(context: context).report(outcome, target: target)
    }

    /// The program's first process (started from outside any process) is its `main`.
    static func names(_ events: [EventRecord]) -> [String: String] {
        guard let root = events.first(where: { $0.kind == .spawn && $0.other == nil }) else { return [:] }
        return [root.pid: "main"]
    }
}
