/// The version 6 handshake as a pure state machine: feed it the bodies of the frames that arrive
/// (their 2-byte lengths already removed) and carry out the actions it returns. No sockets, no
/// clocks, no randomness: the challenge is given at creation, so tests can script both sides.
///
/// The initiator sends its name, reads the status and the acceptor's challenge, answers with its
/// own challenge and the digest, and checks the acceptor's digest. The acceptor reads the name,
/// asks its owner for a status (it may already be connected to that node, or connecting to it),
/// sends its challenge, checks the digest and answers with its own. A wrong digest fails the
/// handshake on either side; nothing from that connection may reach a process.
///
/// Threading: a value type, driven by one connection's event loop.
package struct Handshake: Sendable {
    /// Who opened the connection.
    public enum Role: Sendable, Hashable { case initiator, acceptor }

    /// What the other node said about itself.
    public struct Peer: Sendable, Hashable {
        public let name: String
        public let flags: DistributionFlags
        public let creation: UInt32
    }

    /// Why a handshake failed. The text never contains a cookie or a digest.
    public enum Failure: Error, Sendable, Hashable, CustomStringConvertible {
        case malformed(String)
        case unexpected(String)
        case missingFlags(DistributionFlags)
        case refused(status: String)
        case wrongCookie(peer: String)
        /// Initiator: the peer said `alive`, and another attempt has the connection by now: this
        /// one answered `false` and ends.
        case notPending

        public var description: String {
            switch self {
            case .malformed(let what): "malformed handshake message (\(what))"
            case .unexpected(let what): "unexpected handshake message (\(what))"
            case .missingFlags(let flags): "the peer lacks required capabilities (flags 0x\(String(flags.rawValue, radix: 16)))"
            case .refused(let status): "the peer refused the connection (status \(status))"
            case .wrongCookie(let peer): "the peer \(peer) does not share our cookie"
            case .notPending: "the peer holds a connection to this node, and another attempt has it now"
            }
        }
    }

    /// What the owner must do next.
    public enum Action: Sendable, Hashable {
        /// Send this handshake message (framed with a 2-byte length).
        case send(HandshakeMessage)
        /// Acceptor only: decide the status for this peer and call `decide(_:)`.
        case decideStatus(Peer)
        /// The peer reconnects while we believe a connection to it is up: drop the old one.
        case replaceExisting(Peer)
        /// Initiator only: the peer answered `alive` (it holds a connection up to us). Call
        /// `answerAlive(stillPending:)` with whether this attempt still owns the connection to
        /// the peer (the BEAM's `is_pending`).
        case confirmPending
        /// The connection is established: switch to 4-byte frames.
        case completed(Peer)
        /// Close the connection.
        case failed(Failure)
    }

    /// The status an acceptor gives a peer that announced itself.
    public enum Status: String, Sendable, Hashable {
        case ok
        /// We were connecting to the peer too and let its attempt win.
        case okSimultaneous = "ok_simultaneous"
        /// We were connecting to the peer too and keep our own attempt.
        case nok
        case notAllowed = "not_allowed"
        /// A connection to the peer is already up; the peer says whether to replace it.
        case alive
    }

    private enum State: Sendable {
        case initial
        case awaitingStatus
        case awaitingPendingCheck
        case awaitingChallenge
        case awaitingAck(Peer)
        case awaitingName
        case awaitingDecision(Peer)
        case awaitingAliveAnswer(Peer)
        case awaitingReply(Peer)
        case done
        case failed
    }

    public let role: Role
    public let localName: String
    public let localFlags: DistributionFlags
    public let localCreation: UInt32
    /// Our challenge to the peer.
    public let challenge: UInt32
    private let cookie: String
    private var state: State
    /// Flags a peer must have.
    public static let required: DistributionFlags = .mandatory25

    public init(
        role: Role, localName: String, flags: DistributionFlags = .swiftNode, creation: UInt32,
        cookie: String, challenge: UInt32
    ) {
        self.role = role
        self.localName = localName
        self.localFlags = flags
        self.localCreation = creation
        self.cookie = cookie
        self.challenge = challenge
        state = role == .initiator ? .initial : .awaitingName
    }

    public var isFinished: Bool {
        switch state {
        case .done, .failed: true
        default: false
        }
    }

    /// Initiator: the first message. Acceptor: nothing (it waits for the name).
    public mutating func start() -> [Action] {
        guard role == .initiator, case .initial = state else { return [] }
        state = .awaitingStatus
        return [.send(.name(flags: localFlags, creation: localCreation, name: localName))]
    }

    /// Acceptor: the owner's answer to `.decideStatus`.
    public mutating func decide(_ status: Status) -> [Action] {
        guard case .awaitingDecision(let peer) = state else { return [] }
        switch status {
        case .ok, .okSimultaneous:
            state = .awaitingReply(peer)
            return [.send(.status(status.rawValue)), sendChallenge()]
        case .alive:
            state = .awaitingAliveAnswer(peer)
            return [.send(.status(status.rawValue))]
        case .nok, .notAllowed:
            state = .failed
            return [.send(.status(status.rawValue)), .failed(.refused(status: status.rawValue))]
        }
    }

    /// Handles one handshake message body.
    public mutating func receive(_ body: ArraySlice<UInt8>) -> [Action] {
        let side: HandshakeMessage.Side = role == .initiator ? .fromAcceptor : .fromInitiator
        guard let message = HandshakeMessage.parse(body, from: side) else {
            return fail(.malformed("tag \(body.first.map { String($0) } ?? "none"), \(body.count) bytes"))
        }
        switch (state, message) {
        case (.awaitingStatus, .status(let status)):
            switch status {
            case "ok", "ok_simultaneous":
                state = .awaitingChallenge
                return []
            case "alive":
                // The peer holds a connection up to us. The owner says whether this attempt is
                // still the one for the peer: then the old connection is gone from our side and
                // the answer is `true`, else `false` (the distribution protocol's step 3B).
                state = .awaitingPendingCheck
                return [.confirmPending]
            default:
                return fail(.refused(status: status))
            }
        case (.awaitingChallenge, .challenge(let flags, let peerChallenge, let creation, let name)):
            let peer = Peer(name: name, flags: flags, creation: creation)
            guard flags.isSuperset(of: Self.required) else { return fail(.missingFlags(Self.required.subtracting(flags))) }
            state = .awaitingAck(peer)
            return [
                .send(
                    .challengeReply(
                        challenge: challenge,
                        digest: CookieDigest.digest(cookie: cookie, challenge: peerChallenge)))
            ]
        case (.awaitingAck(let peer), .challengeAck(let digest)):
            guard CookieDigest.matches(digest, CookieDigest.digest(cookie: cookie, challenge: challenge)) else {
                return fail(.wrongCookie(peer: peer.name))
            }
            state = .done
            return [.completed(peer)]
        case (.awaitingName, .name(let flags, let creation, let name)):
            let peer = Peer(name: name, flags: flags, creation: creation)
            guard flags.isSuperset(of: Self.required) else {
                state = .failed
                return [.send(.status("not_allowed")), .failed(.missingFlags(Self.required.subtracting(flags)))]
            }
            state = .awaitingDecision(peer)
            return [.decideStatus(peer)]
        case (.awaitingReply(let peer), .challengeReply(let peerChallenge, let digest)):
            guard CookieDigest.matches(digest, CookieDigest.digest(cookie: cookie, challenge: challenge)) else {
                return fail(.wrongCookie(peer: peer.name))
            }
            state = .done
            return [
                .send(.challengeAck(digest: CookieDigest.digest(cookie: cookie, challenge: peerChallenge))),
                .completed(peer),
            ]
        default:
            return fail(.unexpected("\(message.kind) while \(stateName)"))
        }
    }

    /// Initiator: the owner's answer to `.confirmPending`. `true` goes on to the challenge;
    /// `false` ends the handshake.
    public mutating func answerAlive(stillPending: Bool) -> [Action] {
        guard case .awaitingPendingCheck = state else { return [] }
        if stillPending {
            state = .awaitingChallenge
            return [.send(.status("true"))]
        }
        state = .failed
        return [.send(.status("false")), .failed(.notPending)]
    }

    /// Acceptor waiting for the answer to `alive`: the initiator sends 's' + "true" or "false",
    /// which parses as an initiator's message only here, so it is handled before `receive`.
    public mutating func receiveAliveAnswer(_ body: ArraySlice<UInt8>) -> [Action]? {
        guard case .awaitingAliveAnswer(let peer) = state else { return nil }
        switch Array(body) {
        case Array("strue".utf8):
            state = .awaitingReply(peer)
            return [.replaceExisting(peer), sendChallenge()]
        case Array("sfalse".utf8):
            state = .failed
            return [.failed(.refused(status: "alive"))]
        default:
            return fail(.malformed("answer to alive"))
        }
    }

    /// Whether the acceptor waits for the answer to `alive`.
    public var awaitsAliveAnswer: Bool {
        if case .awaitingAliveAnswer = state { return true }
        return false
    }

    private func sendChallenge() -> Action {
        .send(.challenge(flags: localFlags, challenge: challenge, creation: localCreation, name: localName))
    }

    private mutating func fail(_ failure: Failure) -> [Action] {
        state = .failed
        return [.failed(failure)]
    }

    private var stateName: String {
        switch state {
        case .initial: "starting"
        case .awaitingStatus: "waiting for the status"
        case .awaitingPendingCheck: "checking whether this attempt is still pending"
        case .awaitingChallenge: "waiting for the challenge"
        case .awaitingAck: "waiting for the acknowledgement"
        case .awaitingName: "waiting for the name"
        case .awaitingDecision: "deciding the status"
        case .awaitingAliveAnswer: "waiting for the answer to alive"
        case .awaitingReply: "waiting for the challenge reply"
        case .done: "connected"
        case .failed: "failed"
        }
    }
}

extension HandshakeMessage {
    var kind: String {
        switch self {
        case .name: "name"
        case .status: "status"
        case .challenge: "challenge"
        case .challengeReply: "challenge reply"
        case .challengeAck: "challenge acknowledgement"
        }
    }
}
