import Testing

@testable import OTPDistribution

/// The handshake as a pure state machine: both sides scripted against each other, no sockets.
@Suite struct HandshakeTests {
    func pair(cookieA: String = "secret", cookieB: String = "secret") -> (Handshake, Handshake) {
        (
            Handshake(role: .initiator, localName: "a@host", creation: 11, cookie: cookieA, challenge: 1234),
            Handshake(role: .acceptor, localName: "b@host", creation: 22, cookie: cookieB, challenge: 4_000_000_000)
        )
    }

    /// Delivers every `.send` of `actions` to `other` and returns what `other` answered.
    func deliver(_ actions: [Handshake.Action], to other: inout Handshake) -> [Handshake.Action] {
        var answers: [Handshake.Action] = []
        for case .send(let message) in actions {
            answers += other.receive(message.body[...])
        }
        return answers
    }

    @Test func bothSidesCompleteWithTheSameCookie() {
        var (a, b) = pair()
        let name = a.start()
        #expect(name == [.send(.name(flags: .swiftNode, creation: 11, name: "a@host"))])
        let decide = deliver(name, to: &b)
        #expect(decide == [.decideStatus(Handshake.Peer(name: "a@host", flags: .swiftNode, creation: 11))])
        let statusAndChallenge = b.decide(.ok)
        #expect(statusAndChallenge.count == 2)
        let reply = deliver(statusAndChallenge, to: &a)
        guard case .send(.challengeReply(let challenge, let digest))? = reply.first else {
            Issue.record("expected a challenge reply, got \(reply)")
            return
        }
        #expect(challenge == 1234)
        #expect(digest == CookieDigest.digest(cookie: "secret", challenge: 4_000_000_000))
        let ack = deliver(reply, to: &b)
        #expect(ack.last == .completed(Handshake.Peer(name: "a@host", flags: .swiftNode, creation: 11)))
        let done = deliver(ack, to: &a)
        #expect(done == [.completed(Handshake.Peer(name: "b@host", flags: .swiftNode, creation: 22))])
        #expect(a.isFinished && b.isFinished)
    }

    @Test func theAcceptorRefusesAWrongCookie() {
        var (a, b) = pair(cookieA: "one", cookieB: "two")
        _ = deliver(a.start(), to: &b)
        let reply = deliver(b.decide(.ok), to: &a)
        let verdict = deliver(reply, to: &b)
        #expect(verdict == [.failed(.wrongCookie(peer: "a@host"))])
        // The failure's text names the peer but neither cookie.
        let text = Handshake.Failure.wrongCookie(peer: "a@host").description
        #expect(!text.contains("one") && !text.contains("two"))
    }

    @Test func theInitiatorRefusesAForgedAcknowledgement() {
        var (a, b) = pair()
        _ = deliver(a.start(), to: &b)
        _ = deliver(b.decide(.ok), to: &a)
        let forged = HandshakeMessage.challengeAck(digest: [UInt8](repeating: 7, count: 16))
        #expect(a.receive(forged.body[...]) == [.failed(.wrongCookie(peer: "b@host"))])
    }

    @Test func thePeerMustOfferTheMandatoryFlags() {
        var b = Handshake(role: .acceptor, localName: "b@host", creation: 1, cookie: "c", challenge: 1)
        let old = HandshakeMessage.name(flags: [.extendedReferences], creation: 1, name: "a@host")
        let actions = b.receive(old.body[...])
        #expect(actions.first == .send(.status("not_allowed")))
        guard case .failed(.missingFlags)? = actions.last else {
            Issue.record("expected missing flags, got \(actions)")
            return
        }
    }

    @Test func refusedStatusesFailTheInitiator() {
        for status in ["nok", "not_allowed", "bogus"] {
            var a = Handshake(role: .initiator, localName: "a@host", creation: 1, cookie: "c", challenge: 1)
            _ = a.start()
            #expect(a.receive(HandshakeMessage.status(status).body[...]) == [.failed(.refused(status: status))])
        }
    }

    @Test func aliveIsAnsweredTrueWhileTheAttemptIsPendingAndTheAcceptorReplacesTheOldConnection() {
        var (a, b) = pair()
        _ = deliver(a.start(), to: &b)
        let alive = b.decide(.alive)
        #expect(alive == [.send(.status("alive"))])
        // The initiator asks its owner whether this attempt is still the pending one (is_pending).
        #expect(deliver(alive, to: &a) == [.confirmPending])
        let answer = a.answerAlive(stillPending: true)
        #expect(answer == [.send(.status("true"))])
        guard case .send(let message)? = answer.first, let next = b.receiveAliveAnswer(message.body[...]) else {
            Issue.record("the acceptor did not take the answer")
            return
        }
        guard case .replaceExisting? = next.first else {
            Issue.record("expected replaceExisting, got \(next)")
            return
        }
    }

    @Test func aliveIsAnsweredFalseWhenAnotherAttemptHasTheConnection() {
        var (a, b) = pair()
        _ = deliver(a.start(), to: &b)
        #expect(deliver(b.decide(.alive), to: &a) == [.confirmPending])
        let answer = a.answerAlive(stillPending: false)
        #expect(answer == [.send(.status("false")), .failed(.notPending)])
        #expect(a.isFinished)
        guard case .send(let message)? = answer.first, let next = b.receiveAliveAnswer(message.body[...]) else {
            Issue.record("the acceptor did not take the answer")
            return
        }
        #expect(next == [.failed(.refused(status: "alive"))])
        // A second answer, or one before the question, changes nothing.
        #expect(a.answerAlive(stillPending: true) == [])
    }

    @Test func malformedAndOutOfOrderMessagesFail() {
        var b = Handshake(role: .acceptor, localName: "b@host", creation: 1, cookie: "c", challenge: 1)
        guard case .failed(.malformed)? = b.receive([78, 0, 1][...]).first else {
            Issue.record("a truncated name must fail")
            return
        }
        var b2 = Handshake(role: .acceptor, localName: "b@host", creation: 1, cookie: "c", challenge: 1)
        let early = HandshakeMessage.challengeReply(challenge: 1, digest: [UInt8](repeating: 0, count: 16))
        guard case .failed(.unexpected)? = b2.receive(early.body[...]).first else {
            Issue.record("a reply before the name must fail")
            return
        }
        var b3 = Handshake(role: .acceptor, localName: "b@host", creation: 1, cookie: "c", challenge: 1)
        let badName = HandshakeMessage.name(flags: .swiftNode, creation: 1, name: "no at sign")
        guard case .failed(.malformed)? = b3.receive(badName.body[...]).first else {
            Issue.record("a name without @ must fail")
            return
        }
    }

    @Test func digestMatchesErlangsDefinition() {
        // MD5("abc" ++ "123") computed independently: 0xe99a18c428cb38d5f260853678922e03 is
        // MD5("abc123").
        let digest = CookieDigest.digest(cookie: "abc", challenge: 123)
        #expect(digest.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() == "e99a18c428cb38d5f260853678922e03")
    }
}
