// The checker's public API reports how a program ended with `Termination`, from ChildProcesses,
// so the checker's clients (the command, the tests) get that module with `import Checker`.
@_exported import ChildProcesses
