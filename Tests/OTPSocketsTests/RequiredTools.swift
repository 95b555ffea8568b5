// RequiredTools lives in the TestTools target, shared by every test target; this makes it
// visible to the whole target without an import in each file.
@_exported import TestTools
