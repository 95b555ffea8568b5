import Foundation
import TourEngine

/// Names offered by shell completion scripts and the interactive shell's tab completion.
/// Content errors give no names rather than failing a completion.
enum CompletionNames {
    static func lessons() -> [String] {
        guard let catalog = try? Catalog.locateAndLoad() else { return [] }
        return catalog.lessons.map(\.id)
    }

    static func examples() -> [String] {
        (try? Catalog.locateAndLoad())?.examples.map(\.name) ?? []
    }

    static func exercises() -> [String] {
        (try? Catalog.locateAndLoad())?.exercises.map(\.name) ?? []
    }

    /// What `run` and `observe` complete: file paths when the word looks like one (it holds a
    /// `/` or ends in `.swift`), else the examples' names.
    static func examplesOrFiles(_ word: String) -> [String] {
        word.contains("/") || word.hasSuffix(".swift") ? files(matching: word) : examples()
    }

    /// The `.swift` files and the folders (with a trailing `/`) whose path starts with `word`,
    /// relative to the current folder as typed; hidden entries only when asked for with a dot.
    static func files(matching word: String, in directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) -> [String] {
        let slash = word.lastIndex(of: "/")
        let folderPart = slash.map { String(word[...$0]) } ?? ""
        let stem = slash.map { String(word[word.index(after: $0)...]) } ?? word
        let expanded = folderPart.hasPrefix("~/") ? NSHomeDirectory() + folderPart.dropFirst() : folderPart
        let folder = folderPart.isEmpty ? directory : URL(fileURLWithPath: expanded, relativeTo: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var found: [String] = []
        for name in names.sorted() where name.hasPrefix(stem) && (!name.hasPrefix(".") || stem.hasPrefix(".")) {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                found.append(folderPart + name + "/")
            } else if name.hasSuffix(".swift") {
                found.append(folderPart + name)
            }
        }
        return found
    }

    /// The runtime's API names for `h` (none when the symbol graphs cannot be made).
    static func apiNames(_ word: String) -> [String] {
        guard let index = try? HAction.index(context: TourContext(workspaceOverride: nil), quiet: true) else { return [] }
        return index.names
    }
}
