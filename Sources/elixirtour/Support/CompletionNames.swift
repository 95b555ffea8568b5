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
}
