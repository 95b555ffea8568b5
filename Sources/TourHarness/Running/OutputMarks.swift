#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the program's standard output and error stand, so that the checker can cut each test's
/// own output out of the files it captured them in.
///
/// The checker gives the program regular files as standard output and error; every write goes
/// through one shared file offset, so the offsets before and after a test bound what it printed,
/// whichever thread printed it. The values are nil when the output is not a file.
enum OutputMarks {
    static func now() -> (out: Int?, err: Int?) {
        fflush(nil)
        let out = lseek(1, 0, SEEK_CUR)
        let err = lseek(2, 0, SEEK_CUR)
        return (out >= 0 ? Int(out) : nil, err >= 0 ? Int(err) : nil)
    }

    static func fields(_ prefix: String, _ marks: (out: Int?, err: Int?)) -> [(String, JSONValue)] {
        [(prefix + "Stdout", marks.out.map(JSONValue.int) ?? .null),
         (prefix + "Stderr", marks.err.map(JSONValue.int) ?? .null)]
    }
}
