import Foundation
import TourEngine

/// What a command needs: the lessons, the learner's workspace and progress, and the terminal.
/// The shell keeps one for its whole session; each subcommand makes its own.
///
/// Threading: used on the main thread only (commands run one at a time).
final class TourContext {
    let workspaceOverride: URL?
    let environment: [String: String]
    /// True inside the interactive shell on a terminal: the tour may ask questions and page.
    var interactive: Bool
    /// Where the learner is reading in this session (also saved to progress when there is a workspace).
    var sessionPosition: LearnerProgress.Position?
    /// The example last run or shown in this session: what the shell's `observe` watches when
    /// none is named.
    var lastExample: String?
    /// The exercise in hand in this session (also saved to progress when there is a workspace).
    var sessionExercise: String?
    private var cachedCatalog: Catalog?
    private var cachedWorkspace: Workspace?

    init(
        workspaceOverride: URL?, interactive: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.workspaceOverride = workspaceOverride
        self.interactive = interactive
        self.environment = environment
    }

    var currentDirectory: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }

    /// Plain text whatever the output is: set by the shell when its input is not a terminal,
    /// so that a scripted session's output is the same wherever it goes.
    var plainOutput = false

    /// The output's capabilities, read afresh so a resized terminal is honoured.
    var terminal: TerminalCapabilities {
        let detected = TerminalCapabilities.detect(environment: environment)
        return plainOutput ? .plain(width: detected.width) : detected
    }

    /// The lessons, loaded and validated once.
    func catalog() throws -> Catalog {
        if let cachedCatalog { return cachedCatalog }
        let catalog = try Catalog.locateAndLoad(environment: environment)
        cachedCatalog = catalog
        return catalog
    }

    /// The lessons, or a clear error when there are none yet.
    func catalogWithLessons() throws -> Catalog {
        let catalog = try catalog()
        guard !catalog.lessons.isEmpty else {
            throw TourError.content("No lessons are installed yet: \(catalog.root.path) holds no lesson folders.")
        }
        return catalog
    }

    /// The workspace found from `--workspace` or the current folder upwards, or nil.
    func findWorkspace() throws -> Workspace? {
        if let cachedWorkspace { return cachedWorkspace }
        cachedWorkspace = try Workspace.find(from: currentDirectory, explicit: workspaceOverride)
        return cachedWorkspace
    }

    /// The workspace, or an error telling how to make one. In the interactive shell a missing
    /// workspace is created in the current folder, and the learner is told where.
    func requireWorkspace() throws -> Workspace {
        if let workspace = try findWorkspace() { return workspace }
        guard interactive else {
            throw TourError.usage(
                "No workspace found in \(currentDirectory.path) or above it. "
                    + "Run 'elixirtour init' to make one (or pass --workspace DIR).")
        }
        let workspace = try InitAction(context: self).initialise(at: currentDirectory.appendingPathComponent(Workspace.defaultFolderName))
        // What the learner read before the workspace existed is kept from now on.
        if let position = sessionPosition {
            try ProgressStore(workspace: workspace).setPosition(position)
        }
        return workspace
    }

    /// Remembers a workspace made during this session.
    func adopt(_ workspace: Workspace) {
        cachedWorkspace = workspace
    }

    func progressStore() throws -> ProgressStore {
        ProgressStore(workspace: try requireWorkspace())
    }

    /// The stored progress. A corrupt file is reported (it has been moved aside) and the
    /// tour carries on with fresh progress.
    func loadProgress(_ store: ProgressStore) throws -> LearnerProgress {
        do {
            return try store.load()
        } catch let error {
            guard case .corrupt = error else { throw error }
            Console.warn(error.description)
            return try store.load()
        }
    }

    /// A renderer for the current output, resolving links against `baseURL`.
    func renderer(baseURL: URL? = nil) -> MarkdownRenderer {
        MarkdownRenderer(capabilities: terminal, baseURL: baseURL)
    }
}
