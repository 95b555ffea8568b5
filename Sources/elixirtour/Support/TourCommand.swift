import ArgumentParser
import Foundation

/// Runs a command's body with a fresh context and turns its errors into a message on standard
/// error and the documented exit code (1 a check failed, 2 usage or content error).
enum TourCommand {
    static func execute(_ options: CommonOptions, _ body: (TourContext) throws -> Void) throws {
        try execute(workspace: options.workspaceURL, body)
    }

    static func execute(workspace: URL?, _ body: (TourContext) throws -> Void) throws {
        let context = TourContext(workspaceOverride: workspace)
        do {
            try body(context)
        } catch let error as ExitCode {
            throw error
        } catch {
            let failure = TourError(error)
            Console.error(failure.description)
            throw ExitCode(failure.exitCode)
        }
    }
}
