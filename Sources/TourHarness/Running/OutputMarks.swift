import TourWire

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

    /// Sets where the test's output begins.
    static func setStart(of record: inout ResultRecord, _ marks: (out: Int?, err: Int?)) {
        record.outputStdout = marks.out
        record.outputStderr = marks.err
    }

    /// Sets where the test's output ends.
    static func setEnd(of record: inout ResultRecord, _ marks: (out: Int?, err: Int?)) {
        record.outputEndStdout = marks.out
        record.outputEndStderr = marks.err
    }
}
