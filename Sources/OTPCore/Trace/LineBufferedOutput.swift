#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif

/// Makes the program's standard output line-buffered (a file is fully buffered by default), so
/// that the live observer's tour finds what the program printed even when it stops the program.
///
/// Threading: call once, before the program prints (the runtime's start does).
enum LineBufferedOutput {
    static func enable() {
        setvbuf(stdout, nil, _IOLBF, 0)
    }
}
