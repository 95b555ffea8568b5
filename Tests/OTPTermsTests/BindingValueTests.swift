import OTPCore
import Testing

@testable import OTPTerms

/// Reading what a pattern bound without `!`: `value(_:)` and `string(_:)`.
@Suite struct BindingValueTests {
    @Test func aBoundVariableReadsAsItsTermOrItsText() throws {
        let bindings = try #require(try Clause.parse("{:log, text, n}").match(.tuple(.atom("log"), "hi", 3), environment: Bindings()))
        #expect(try bindings.value("n") == 3)
        #expect(try bindings.string("text") == "hi")
    }

    @Test func aNameThePatternDoesNotHaveOrAWrongTypeSaysWhy() throws {
        let bindings: Bindings = ["n": 3]
        #expect(throws: BindingError.self) { try bindings.value("m") }
        do {
            _ = try bindings.string("n")
            Issue.record("a number is not a string")
        } catch let error as BindingError {
            #expect(error.description == "`n` is bound to 3, not a string")
        }
        do {
            _ = try bindings.value("x")
        } catch let error as BindingError {
            #expect(error.description == "the pattern bound no variable `x`; it binds `n`")
        }
    }
}
