import OTPDistribution

extension NodeOptions {
    /// The options of the tests' Swift nodes: EPMD on `epmdPort`, and a handshake that may take
    /// a minute instead of `net_setuptime`'s 7 s. Beside the rest of the suite on two cores a
    /// node in the test process can wait seconds for a thread; a dial whose handshake passes 7 s
    /// fails, as the BEAM's would, and the test then fails for the machine's load, not for what
    /// it checks (a mesh test once saw its third node never connect). The tests of the timeout
    /// itself set their own.
    static func forTests(epmdPort: Int) -> NodeOptions {
        var options = NodeOptions()
        options.epmdPort = epmdPort
        options.handshakeTimeout = .seconds(60)
        return options
    }
}
