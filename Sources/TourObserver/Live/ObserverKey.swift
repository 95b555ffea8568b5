/// A key pressed in the live observer.
///
/// Threading: a value type; safe to share.
public enum ObserverKey: Sendable, Equatable {
    case up, down, pageUp, pageDown, home, end
    /// Ctrl-C (read as a byte: the observer turns the terminal's signals off while it draws).
    case interrupt
    case escape
    case character(Character)
}

/// Turns the bytes read from a terminal in raw mode into keys: printable characters, Ctrl-C, and
/// the escape sequences of the arrow, page and home/end keys (`ESC [ A`, `ESC [ 5 ~`, `ESC O H`,
/// …). A lone escape, or a sequence it does not know, is `.escape`; other control bytes are
/// dropped.
///
/// Threading: stateless; safe to call from any thread.
public enum ObserverKeyDecoder {
    public static func keys(_ bytes: [UInt8]) -> [ObserverKey] {
        var keys: [ObserverKey] = []
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            switch byte {
            case 0x03:
                keys.append(.interrupt)
            case 0x1B:
                guard i < bytes.count, bytes[i] == UInt8(ascii: "[") || bytes[i] == UInt8(ascii: "O") else {
                    keys.append(.escape)
                    continue
                }
                i += 1
                // Parameters (digits and ';'), then one final byte.
                var parameters = ""
                while i < bytes.count, (0x30...0x3F).contains(bytes[i]) {
                    parameters.append(Character(Unicode.Scalar(bytes[i])))
                    i += 1
                }
                guard i < bytes.count else {
                    keys.append(.escape)
                    continue
                }
                let final = Character(Unicode.Scalar(bytes[i]))
                i += 1
                keys.append(sequence(parameters, final) ?? .escape)
            case 0x20...0x7E:
                keys.append(.character(Character(Unicode.Scalar(byte))))
            case 0x0D, 0x0A:
                keys.append(.character("\n"))
            default:
                // Other control bytes and the bytes of non-ASCII characters mean nothing here.
                continue
            }
        }
        return keys
    }

    private static func sequence(_ parameters: String, _ final: Character) -> ObserverKey? {
        switch (parameters, final) {
        case (_, "A"): .up
        case (_, "B"): .down
        case (_, "H"), ("1", "~"), ("7", "~"): .home
        case (_, "F"), ("4", "~"), ("8", "~"): .end
        case ("5", "~"): .pageUp
        case ("6", "~"): .pageDown
        default: nil
        }
    }
}
