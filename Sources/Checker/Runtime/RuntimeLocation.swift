import Foundation

/// Where the prebuilt runtime lives: the folder holding `libOTP.so` and the `Modules` folder
/// with `OTP.swiftmodule` and `TourHarness.swiftmodule` (what `swift build --product OTP` leaves
/// in `.build/<config>/`).
///
/// Threading: an immutable value; safe to share between threads.
public struct RuntimeLocation: Sendable, Equatable {
    /// Names a runtime folder explicitly (for tests and unusual layouts).
    public static let environmentKey = "ELIXIRTOUR_RUNTIME_DIR"

    public let folder: URL

    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    #if os(macOS)
    public static let libraryName = "libOTP.dylib"
    #else
    public static let libraryName = "libOTP.so"
    #endif

    public var library: URL { folder.appendingPathComponent(Self.libraryName) }
    public var modules: URL { folder.appendingPathComponent("Modules") }

    /// The module files the checker's compile reads; they belong to the verdict's cache key.
    public var moduleFiles: [URL] {
        ["OTP", "OTPCore", "OTPTerms", "TourHarness"].map { modules.appendingPathComponent("\($0).swiftmodule") }
    }

    /// Whether the library and the modules a check needs are all there.
    public var isComplete: Bool {
        let files = FileManager.default
        return files.fileExists(atPath: library.path) && moduleFiles.allSatisfy { files.fileExists(atPath: $0.path) }
    }

    /// The runtime beside `executable` (`<repo>/.build/<config>/elixirtour`), or the folder named
    /// by `ELIXIRTOUR_RUNTIME_DIR`.
    public static func beside(executable: URL, environment: [String: String]) -> RuntimeLocation {
        if let override = environment[environmentKey], !override.isEmpty {
            return RuntimeLocation(folder: URL(fileURLWithPath: override))
        }
        return RuntimeLocation(folder: executable.resolvingSymlinksInPath().deletingLastPathComponent())
    }

    /// The package root above the runtime folder (the folder with `Package.swift`), if any: where
    /// a missing runtime can be built.
    public var packageRoot: URL? {
        var folder = self.folder
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    /// The build configuration the folder belongs to (`debug` or `release`), from its name.
    public var configuration: String {
        folder.lastPathComponent.contains("release") ? "release" : "debug"
    }
}
