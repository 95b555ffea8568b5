import OTP

// Elixir's function clauses with guards, as a Swift enum and a switch with `where`.
enum Shape {
    case square(Int)
    case rect(Int, Int)
    case circle(Double)
}

func area(_ shape: Shape) -> String {
    switch shape {
    case .square(let side): "\(side * side)"
    case .rect(let w, let h) where w == h: "\(w * w) (a square in disguise)"
    case .rect(let w, let h): "\(w * h)"
    case .circle(let r) where r >= 0: Term.float(3.0 * r * r).description
    case .circle: "no area: negative radius"
    }
}

func describe(_ t: Int) -> String {
    if t < 0 { "freezing" } else if t < 20 { "mild" } else { "hot" }
}

for shape in [Shape.square(3), .rect(2, 5), .rect(4, 4), .circle(1.5), .circle(-1)] {
    print(area(shape))
}
for t in [-5, 12, 31] {
    print("\(t): \(describe(t))")
}
