// libFuzzer entry point for the external term format decoder (built by scripts/fuzz.sh).
//
// Properties checked on every input:
// - decoding never traps (any malformed input must come back as an ETFError);
// - a term that decodes re-encodes, and the re-encoded bytes decode to an equal term;
// - printing the decoded term (`inspect`) and comparing it with itself never traps.
import OTPCore
import OTPTerms

@_cdecl("LLVMFuzzerTestOneInput")
public func etfDecoderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let term = try? ExternalTermFormat.decode(bytes) else { return 0 }
    guard let encoded = try? ExternalTermFormat.encode(term) else {
        fatalError("a decoded term did not encode: \(term)")
    }
    guard let again = try? ExternalTermFormat.decode(encoded), again == term else {
        fatalError("round trip changed the term: \(term)")
    }
    _ = term.description
    precondition(Term.compare(term, again) == 0, "a term does not compare equal to itself")
    return 0
}
