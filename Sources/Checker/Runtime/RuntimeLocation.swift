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

    /// The module maps of the C modules the runtime's Swift modules import (swift-nio's and
    /// swift-crypto's shims, for the distribution module): a client of `OTP` must see them too.
    /// SwiftPM leaves generated ones in `<folder>/<Target>.build/module.modulemap` and uses the
    /// packages' own from `<scratch>/checkouts/<package>/Sources/<Target>/include/`.
    public var clangModuleMaps: [URL] {
        let files = FileManager.default
        var maps: [URL] = []
        if let entries = try? files.contentsOfDirectory(atPath: folder.path) {
            for entry in entries.sorted() where entry.hasSuffix(".build") {
                let map = folder.appendingPathComponent(entry).appendingPathComponent("module.modulemap")
                if files.fileExists(atPath: map.path) { maps.append(map) }
            }
        }
        let checkouts = folder.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("checkouts")
        for package in (try? files.contentsOfDirectory(atPath: checkouts.path))?.sorted() ?? [] {
            let sources = checkouts.appendingPathComponent(package).appendingPathComponent("Sources")
            for target in (try? files.contentsOfDirectory(atPath: sources.path))?.sorted() ?? [] {
                let map = sources.appendingPathComponent(target).appendingPathComponent("include/module.modulemap")
                if files.fileExists(atPath: map.path) { maps.append(map) }
            }
        }
        return maps
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
