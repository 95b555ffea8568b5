/// The external term format's type tags (erts "External Term Format"), as the tour uses them.
package enum ETFTag {
    package static let version: UInt8 = 131
    package static let newFloat: UInt8 = 70
    /// ATOM_CACHE_REF: an index into the atoms a distribution header lists (never in `term_to_binary`).
    package static let atomCacheRef: UInt8 = 82
    package static let bitBinary: UInt8 = 77
    package static let compressed: UInt8 = 80
    package static let newPid: UInt8 = 88
    package static let newPort: UInt8 = 89
    package static let newerReference: UInt8 = 90
    package static let smallInteger: UInt8 = 97
    package static let integer: UInt8 = 98
    package static let float: UInt8 = 99
    package static let atom: UInt8 = 100
    package static let reference: UInt8 = 101
    package static let port: UInt8 = 102
    package static let pid: UInt8 = 103
    package static let smallTuple: UInt8 = 104
    package static let largeTuple: UInt8 = 105
    package static let `nil`: UInt8 = 106
    package static let string: UInt8 = 107
    package static let list: UInt8 = 108
    package static let binary: UInt8 = 109
    package static let smallBig: UInt8 = 110
    package static let largeBig: UInt8 = 111
    package static let newFun: UInt8 = 112
    package static let export: UInt8 = 113
    package static let newReference: UInt8 = 114
    package static let smallAtom: UInt8 = 115
    package static let map: UInt8 = 116
    package static let fun: UInt8 = 117
    package static let atomUTF8: UInt8 = 118
    package static let smallAtomUTF8: UInt8 = 119
    package static let v4Port: UInt8 = 120
    package static let local: UInt8 = 121
}
