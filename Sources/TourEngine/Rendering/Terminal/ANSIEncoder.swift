/// Turns styled lines into text for the terminal: SGR escapes for styles and OSC 8 for links
/// when the capabilities allow, plain text otherwise.
///
/// Threading: an immutable value; safe to share between threads.
struct ANSIEncoder: Sendable {
    let capabilities: TerminalCapabilities

    func encode(_ line: StyledLine) -> String {
        var out = ""
        for span in line {
            out += encode(span)
        }
        return out
    }

    func encode(_ lines: [StyledLine]) -> String {
        lines.map { encode($0) }.joined(separator: "\n")
    }

    private func encode(_ span: Span) -> String {
        var text = span.text
        if capabilities.color {
            var codes: [String] = []
            if span.style.bold { codes.append("1") }
            if span.style.dim { codes.append("2") }
            if span.style.italic { codes.append("3") }
            if span.style.underline { codes.append("4") }
            if let color = span.style.color { codes.append(String(color.rawValue)) }
            if !codes.isEmpty { text = "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m" }
        }
        if capabilities.hyperlinks, let link = span.style.link {
            text = "\u{1B}]8;;\(link)\u{1B}\\" + text + "\u{1B}]8;;\u{1B}\\"
        }
        return text
    }
}
