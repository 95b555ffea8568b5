import OTP

enum Message {
    case move(x: Int, y: Int)
    case say(String)
    case stop
}

var msg: Message { .stop }
