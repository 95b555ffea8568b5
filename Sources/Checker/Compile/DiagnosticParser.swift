import Foundation

/// Reads swiftc's diagnostics (`-diagnostic-style llvm`: `file:line:column: error: message`) and
/// points each at the file a learner can act on, with its source line.
///
/// Threading: stateless; safe to call from any thread.
enum DiagnosticParser {
    /// - Parameters:
    ///   - learner: the learner's file as given to swiftc.
    ///   - tests: the copy of the exercise's tests given to swiftc, and the original to show.
    static func parse(_ output: String, learner: URL, tests: (compiled: URL, original: URL)) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var sources: [String: [Substring]] = [:]
        func sourceLine(_ path: String, _ line: Int) -> String? {
            if sources[path] == nil {
                let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
                sources[path] = text.split(separator: "\n", omittingEmptySubsequences: false)
            }
            guard let lines = sources[path], line >= 1, line <= lines.count else { return nil }
            return String(lines[line - 1])
        }
        for raw in output.split(separator: "\n") {
            guard let header = parseHeader(String(raw)) else { continue }
            var path = header.file
            var origin = Diagnostic.Origin.other
            if sameFile(path, learner.path) {
                origin = .learner
                path = learner.path
            } else if sameFile(path, tests.compiled.path) {
                origin = .tests
                path = tests.original.path
            }
            let source = sourceLine(origin == .tests ? tests.compiled.path : path, header.line)
            diagnostics.append(
                Diagnostic(
                    file: path, line: header.line, column: header.column, severity: header.severity,
                    message: header.message, sourceLine: source, origin: origin))
        }
        return diagnostics
    }

    static func parseHeader(_ line: String) -> (file: String, line: Int, column: Int, severity: String, message: String)? {
        for severity in ["error", "warning", "note"] {
            guard let marker = line.range(of: ": \(severity): ") else { continue }
            let location = line[..<marker.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
            guard location.count >= 3, let lineNumber = Int(location[location.count - 2]),
                let column = Int(location[location.count - 1])
            else { continue }
            let file = location.dropLast(2).joined(separator: ":")
            return (file, lineNumber, column, severity, String(line[marker.upperBound...]))
        }
        return nil
    }

    private static func sameFile(_ a: String, _ b: String) -> Bool {
        URL(fileURLWithPath: a).standardizedFileURL.path == URL(fileURLWithPath: b).standardizedFileURL.path
    }
}
