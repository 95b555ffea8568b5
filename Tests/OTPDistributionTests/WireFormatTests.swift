import Foundation
import OTPCore
import OTPTerms
import Testing

@testable import OTPDistribution

/// The pure pieces of the wire: frames, EPMD messages and the embedded registrar's state,
/// control messages and frame payloads, the node table and the cookie file.
@Suite struct WireFormatTests {
    @Test func framesSplitAcrossReadsAndTicks() throws {
        var decoder = FrameDecoder(prefixLength: 4, limit: 100)
        decoder.feed([0, 0])
        #expect(try decoder.next() == nil)
        decoder.feed([0, 0, 0, 0, 0, 3, 1, 2])
        #expect(try decoder.next() == [])  // a tick
        #expect(try decoder.next() == nil)  // the next frame is not complete yet
        decoder.feed([3])
        #expect(try decoder.next() == [1, 2, 3])
        #expect(decoder.bufferedCount == 0)
    }

    @Test func aFrameOverTheLimitFailsBeforeItsBodyArrives() {
        var decoder = FrameDecoder(prefixLength: 2, limit: 10)
        decoder.feed([0, 11])
        #expect(throws: FrameError.tooLarge(length: 11, limit: 10)) { try decoder.next() }
    }

    @Test func epmdRequestsRoundTripAndGarbageIsRefused() {
        let info = EPMDNodeInfo(name: "swift", port: 4242)
        #expect(EPMDRequest.parse(EPMDRequest.register(info).body[...]) == .register(info))
        #expect(EPMDRequest.parse(EPMDRequest.lookup(name: "beam").body[...]) == .lookup(name: "beam"))
        #expect(EPMDRequest.parse([120, 0][...]) == nil)
        #expect(EPMDRequest.parse([99][...]) == nil)
        #expect(EPMDResponse.parse(EPMDResponse.port(info).bytes[...]) == .response(.port(info)))
        #expect(EPMDResponse.parse(EPMDResponse.port(nil).bytes[...]) == .response(.port(nil)))
        #expect(EPMDResponse.parse([118, 0][...]) == .incomplete)
        #expect(EPMDResponse.parse([1][...]) == .malformed)
    }

    @Test func theRegistrarHoldsANameAsLongAsItsConnection() {
        var registry = EPMDRegistry(firstCreation: 7)
        let info = EPMDNodeInfo(name: "swift", port: 4242)
        let first = registry.handle(EPMDRequest.register(info).body[...], connection: 1)
        #expect(first == .init(reply: EPMDResponse.registered(result: 0, creation: 7).bytes, close: false))
        let taken = registry.handle(EPMDRequest.register(info).body[...], connection: 2)
        #expect(taken.close && taken.reply[1] == 1)
        #expect(registry.handle(EPMDRequest.lookup(name: "swift").body[...], connection: 3).reply == EPMDResponse.port(info).bytes)
        let names = registry.handle(EPMDRequest.names.body[...], connection: 4, epmdPort: 4369)
        #expect(String(decoding: names.reply.dropFirst(4), as: UTF8.self) == "name swift at port 4242\n")
        registry.closed(connection: 1)
        #expect(registry.handle(EPMDRequest.lookup(name: "swift").body[...], connection: 5).reply == EPMDResponse.port(nil).bytes)
        #expect(registry.handle([1, 2, 3][...], connection: 6) == .init(reply: [], close: true))
    }

    /// This node `a@host` (creation 3) knowing `b@host` (creation 9), a pid of each.
    private func twoNodes(localID: UInt32) throws -> (nodes: WireNodes, local: Pid, remote: Pid) {
        let table = NodeTable(localName: "a@host", localCreation: 3)
        let remoteIndex = try #require(table.index(of: "b@host", creation: 9))
        return (
            WireNodes(table: table, runtime: Runtime.deterministic()),
            Pid(nodeIndex: 0, id: localID, serial: localID == 0 ? 0 : 1, creation: 0),
            Pid(nodeIndex: remoteIndex, id: 40, serial: 2, creation: 9)
        )
    }

    @Test func controlMessagesRoundTripThroughFrames() throws {
        let (nodes, local, remote) = try twoNodes(localID: 0)
        let ref = Ref.make()
        let messages: [(ControlMessage, Term?)] = [
            (.send(to: remote), .tuple([.atom("hello"), .int(1)])),
            (.regSend(from: local, toName: "echo"), .string("hi")),
            (.link(from: local, to: remote), nil),
            (.unlink(from: remote, to: local), nil),
            (.exit(from: local, to: remote, reason: .atom("boom")), nil),
            (.exit2(from: remote, to: local, reason: .kill), nil),
            (.monitor(from: local, target: .name("kv"), ref: ref), nil),
            (.demonitor(from: local, target: .pid(remote), ref: ref), nil),
            (.monitorExit(from: .pid(remote), to: local, ref: ref, reason: .noproc), nil),
        ]
        for (control, message) in messages {
            let payload = try DistributionFrame.encode(control, message: message, nodes: nodes)
            let decoded = try DistributionFrame.decode(payload[...], nodes: nodes)
            #expect(decoded.control == .message(control))
            #expect(decoded.message == message)
        }
    }

    /// SEND and REG_SEND headers are written and read field by field, without a term: the bytes
    /// must be those of the control term, and a SEND spelled another way (as the BEAM may, with
    /// a UTF-8 atom) must read the same.
    @Test func sendHeadersAreTheBytesOfTheirControlTerms() throws {
        let (nodes, local, remote) = try twoNodes(localID: 7)
        let message: Term = .tuple([.atom("msg"), .int(300)])
        for control in [ControlMessage.send(to: remote), .send(to: local), .regSend(from: local, toName: "dist_sink")] {
            let viaTerm =
                try [112, 131] + ExternalTermFormat.encode(control.term, nodes: nodes).dropFirst()
                + ExternalTermFormat.encode(message, nodes: nodes)
            #expect(try DistributionFrame.encode(control, message: message, nodes: nodes) == viaTerm)
            let framed = try DistributionFrame.encodeFramed(control, message: message, nodes: nodes)
            #expect(framed == [0, 0, 0, UInt8(viaTerm.count)] + viaTerm)
            let decoded = try DistributionFrame.decode(viaTerm[...], nodes: nodes)
            #expect(decoded.control == .message(control))
            #expect(decoded.message == message)
        }
        // {2, '', To} with the empty atom as SMALL_ATOM_UTF8_EXT (119, 0) instead of ATOM_EXT.
        var utf8Cookie: [UInt8] = [112, 131, 104, 3, 97, 2, 119, 0]
        try ExternalTermFormat.appendPid(local, to: &utf8Cookie, nodes: nodes)
        utf8Cookie += try ExternalTermFormat.encode(message, nodes: nodes)
        let decoded = try DistributionFrame.decode(utf8Cookie[...], nodes: nodes)
        #expect(decoded.control == .message(.send(to: local)))
        #expect(decoded.message == message)
        #expect(throws: DistributionFrame.Failure.trailingBytes(2)) { try DistributionFrame.decode((utf8Cookie + [1, 2])[...], nodes: nodes) }
        // Every spelling of '' is one, and anything else is not (the general path reads it).
        #expect(DistributionFrame.emptyAtomLength([100, 0, 0][...]) == 3)
        #expect(DistributionFrame.emptyAtomLength([118, 0, 0][...]) == 3)
        #expect(DistributionFrame.emptyAtomLength([115, 0][...]) == 2)
        #expect(DistributionFrame.emptyAtomLength([119, 0][...]) == 2)
        #expect(DistributionFrame.emptyAtomLength([119, 1, 120][...]) == nil)
        #expect(DistributionFrame.emptyAtomLength([100, 0][...]) == nil)
        var namedCookie: [UInt8] = [112, 131, 104, 3, 97, 2, 119, 1, 120]
        try ExternalTermFormat.appendPid(local, to: &namedCookie, nodes: nodes)
        namedCookie += try ExternalTermFormat.encode(message, nodes: nodes)
        #expect(try DistributionFrame.decode(namedCookie[...], nodes: nodes).control == .message(.send(to: local)))
    }

    @Test func badPayloadsAreRefused() throws {
        let nodes = WireNodes(table: NodeTable(localName: "a@host", localCreation: 1), runtime: Runtime.deterministic())
        #expect(throws: DistributionFrame.Failure.notPassThrough(68)) { try DistributionFrame.decode([68, 0][...], nodes: nodes) }
        let notControl = try [112] + ExternalTermFormat.encode(.atom("hello"))
        #expect(throws: DistributionFrame.Failure.notControl) { try DistributionFrame.decode(notControl[...], nodes: nodes) }
        let sendWithout = try [112] + ExternalTermFormat.encode(ControlMessage.send(to: Pid(nodeIndex: 0, id: 1, serial: 0, creation: 0)).term, nodes: nodes)
        #expect(throws: DistributionFrame.Failure.missingMessage) { try DistributionFrame.decode(sendWithout[...], nodes: nodes) }
    }

    @Test func theNodeTableGivesStableIndicesUpToItsCapacity() {
        let table = NodeTable(localName: "a@host", localCreation: 1, capacity: 3)
        #expect(table.index(of: "a@host", creation: 1) == 0)
        #expect(table.index(of: "b@host", creation: 5) == 1)
        #expect(table.index(of: "b@host", creation: 5) == 1)
        #expect(table.index(of: "b@host", creation: 6) == 2)  // a restarted node is a new entry
        #expect(table.index(of: "c@host", creation: 1) == nil)  // full
        #expect(table.indices(ofName: "b@host") == [1, 2])
    }

    @Test func theCookieFileIsCreatedReadableOnlyByItsOwner() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cookie-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let created = try Cookie.load(path: path)
        #expect(created.count == 20 && created.allSatisfy { $0.isUppercase })
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o400)
        #expect(try Cookie.load(path: path) == created)
    }

    @Test func nodeNamesAreChecked() {
        #expect(NodeName.isValidFullName("swift@vm"))
        #expect(!NodeName.isValidFullName("swift"))
        #expect(!NodeName.isValidFullName("sw ift@vm"))
        #expect(!NodeName.isValidFullName("a@b@c"))
        #expect(NodeName.split("tour-1@host.local")! == ("tour-1", "host.local"))
    }
}
