// swift-tools-version:6.2
// 6.2: the runtime's closures are `nonisolated(nonsending)` and its targets build with the
// upcoming feature NonisolatedNonsendingByDefault, both new in Swift 6.2.
import PackageDescription

// Layers, lowest first (each depends only on those above it):
//   TourWire        the lines a program run by the tour writes back to it (results, observer)
//   ChildProcesses  starting other programs (process group, deadline, memory limit), PATH, shell words
//   TerminalColumns how many terminal columns text takes (East Asian wide, emoji, escapes left out)
//   OTPCore         schedulers, processes, mailboxes, links, monitors, the name registry, timers,
//                   trace; the term types (Term, Atom, Pid, Ref) with inspect and term order
//   OTPTerms        Elixir's match semantics, patterns, pattern receive, the external term format
//   OTPETS          :ets tables (owned by a process, beside the core) and match specs
//   OTPRegistry     Elixir's Registry (partitions owned by processes) and its :via names
//   OTPGenServer    GenServer, Agent, Task (below supervision: supervisors are GenServers, as in OTP)
//   OTPSupervision  Supervisor, DynamicSupervisor, Task.Supervisor
//   OTPDistribution the Erlang distribution protocol on SwiftNIO: nodes, remote messages and calls
//   OTPSockets      :gen_tcp on SwiftNIO: sockets owned by processes, data as messages
//   OTPApplication  Application: supervision trees started and stopped by name, restart types, env
//   OTP             the umbrella a learner imports with one `import OTP` (built as libOTP.so)
//   TourHarness     the test harness exercise checks are compiled with (in libOTP.so too)
//   TourBench       the workloads of `elixirtour bench`, on the runtime and on the BEAM
//   TourEngine      lesson format and catalog, renderer, progress, workspace
//   TourObserver    sequence diagrams, process trees and the live observer
//   Checker         compile a learner's file against libOTP.so, run it under limits, grade it
//   elixirtour      the command-line tool and the interactive shell
//
// Platforms: built and tested on Linux (Debian, Swift 6.3). macOS 15 is named because the runtime
// uses Synchronization's Mutex and Atomic; the tour has not been built there.
let package = Package(
    name: "elixirtour",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "elixirtour", targets: ["elixirtour"]),
        // The prebuilt runtime the checker compiles learner code against.
        .library(name: "OTP", type: .dynamic, targets: ["OTP", "TourHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The lines a program run by the tour writes back to it (results, observer): one definition
        // for the writer inside the learner's program and the reader in the tour.
        .target(name: "TourWire"),
        // Starting other programs: no dependency, no Foundation, `package` API (linked into libOTP.so
        // through the peer node, but never re-exported by `OTP`).
        .target(name: "ChildProcesses"),
        .target(
            name: "OTPCore",
            dependencies: [
                "TourWire",
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            // Async functions run on their caller's scheduler instead of hopping to the generic
            // executor: a hop costs a look-up of the task's preferred executor on every call.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        .target(
            name: "OTPTerms", dependencies: ["OTPCore"],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Tables beside the core: owned by processes, not processes themselves.
        .target(
            name: "OTPETS",
            dependencies: ["OTPCore", .product(name: "BigInt", package: "BigInt")],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        .target(
            name: "OTPRegistry", dependencies: ["OTPCore", "OTPETS"],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // GenServer sits below Supervision: the supervisors are GenServers (as in OTP).
        .target(
            name: "OTPGenServer",
            dependencies: ["OTPCore", "OTPTerms", .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        .target(
            name: "OTPSupervision",
            // OTPRegistry: `Registry.childSpec`, a registry in a supervisor's children.
            dependencies: ["OTPCore", "OTPGenServer", "OTPRegistry", .product(name: "Logging", package: "swift-log")],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Distribution: the Erlang distribution protocol (EPMD, handshake, frames) over SwiftNIO.
        .target(
            name: "OTPDistribution",
            dependencies: [
                "OTPCore", "OTPTerms", "OTPGenServer", "OTPSupervision", "ChildProcesses",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Sockets: :gen_tcp over SwiftNIO, sockets owned by processes, data as messages.
        .target(
            name: "OTPSockets",
            dependencies: [
                "OTPCore", "OTPGenServer",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        // Application above supervision: start, stop and restart types of supervision trees, env.
        .target(
            name: "OTPApplication", dependencies: ["OTPCore", "OTPGenServer"],
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),
        .target(
            name: "OTP",
            dependencies: ["OTPCore", "OTPTerms", "OTPETS", "OTPRegistry", "OTPGenServer", "OTPSupervision", "OTPDistribution", "OTPSockets", "OTPApplication"]),
        .target(name: "TourHarness", dependencies: ["OTP"]),
        .target(name: "TourBench", dependencies: ["OTP", "ChildProcesses"], swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]),
        // Terminal columns of text (East Asian wide, emoji with VS16), for every layout on a terminal.
        .target(name: "TerminalColumns"),
        .target(name: "TourEngine", dependencies: ["TerminalColumns"]),
        // Sequence diagrams, process trees and the live observer, drawn from what a program reports.
        .target(name: "TourObserver", dependencies: ["TourWire", "TerminalColumns"]),
        .target(
            name: "Checker", dependencies: ["TourEngine", "TourObserver", "ChildProcesses", "TourWire", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "elixirtour",
            dependencies: [
                "TourEngine", "Checker", "CEditLine", "OTP", "TourBench", "TourObserver", "TerminalColumns", "ChildProcesses", "TourWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What the test targets share: which outside programs (erl, elixir, swiftc) their tests need.
        .target(name: "TestTools", dependencies: ["ChildProcesses"], path: "Tests/TestTools"),
        .testTarget(name: "ChildProcessesTests", dependencies: ["ChildProcesses", "TestTools"]),
        .testTarget(name: "TerminalColumnsTests", dependencies: ["TerminalColumns"]),
        .testTarget(name: "OTPCoreTests", dependencies: ["OTPCore"]),
        .testTarget(name: "OTPTermsTests", dependencies: ["OTPTerms", "ChildProcesses", "TestTools"]),
        .testTarget(name: "OTPETSTests", dependencies: ["OTPETS", "OTPCore"]),
        .testTarget(name: "OTPRegistryTests", dependencies: ["OTPRegistry", "OTPETS", "OTPGenServer", "OTPSupervision", "OTPCore"]),
        .testTarget(name: "OTPGenServerTests", dependencies: ["OTPGenServer", "OTPCore"]),
        .testTarget(
            name: "OTPDistributionTests",
            dependencies: ["OTPDistribution", "OTPGenServer", "OTPSupervision", "OTPTerms", "OTPCore", "ChildProcesses", "TestTools"]),
        .testTarget(name: "OTPSocketsTests", dependencies: ["OTPSockets", "OTPGenServer", "OTPCore", "ChildProcesses", "TestTools"]),
        .testTarget(
            name: "OTPApplicationTests",
            dependencies: [
                "OTPApplication", "OTPSupervision", "OTPGenServer", "OTPCore", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "OTPSupervisionTests", dependencies: ["OTPSupervision", "OTPGenServer", "OTPCore", "ChildProcesses", "TestTools"]),
        .testTarget(name: "TourEngineTests", dependencies: ["TourEngine"], exclude: ["Fixtures"]),
        // Runs the built elixirtour binary (built alongside the tests by `swift build --build-tests`).
        .testTarget(name: "EndToEndTests", dependencies: ["ChildProcesses", "TestTools"]),
        .testTarget(name: "CheckerTests", dependencies: ["Checker", "TourWire", "TestTools"], exclude: ["Fixtures"]),
        .testTarget(
            name: "TourObserverTests", dependencies: ["TourObserver", "TourWire", "OTPCore", "OTPGenServer", "OTPSupervision"],
            exclude: ["Snapshots"]),
    ]
)
