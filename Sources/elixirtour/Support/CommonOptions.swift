import ArgumentParser
import Foundation

/// Options every command that reads the learner's workspace accepts.
struct CommonOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The learner's workspace folder. By default the tour looks for one from the current folder upwards.",
            valueName: "dir"))
    var workspace: String?

    var workspaceURL: URL? {
        workspace.map { URL(fileURLWithPath: $0, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL }
    }
}
