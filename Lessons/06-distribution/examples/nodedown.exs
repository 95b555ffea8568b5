# This script is the watcher node; a second BEAM started with :peer is the doomed one,
# with an echo process (as the tour's own node has in the Swift example).

# Compiled before this script becomes a node (Elixir 1.14 cannot compile a module in
# a script after Node.start); the peer gets the compiled code over the wire below.
{:module, Echo, echo_code, _} =
  defmodule Echo do
    # Answers {pid, msg} with {:echo, msg} sent to pid, and ignores anything else.
    def start, do: Process.register(spawn(&serve/0), :echo)

    defp serve do
      receive do
        {from, msg} when is_pid(from) -> send(from, {:echo, msg})
        _other -> :ignored
      end

      serve()
    end
  end

# Distribution needs epmd, the port mapper. `iex --sname` starts one; a script that
# becomes a node starts it itself (a no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:watcher, :shortnames)
Node.set_cookie(:tour)

# doomed: same cookie, Elixir's modules on its code path, then Echo loaded and started.
peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
{:ok, _doomed_peer, doomed} = :peer.start(%{name: :doomed, args: peer_args})
{:module, Echo} = :erpc.call(doomed, :code, :load_binary, [Echo, ~c"nodedown.exs", echo_code])
true = :erpc.call(doomed, Echo, :start, [])
os_pid = :erpc.call(doomed, :os, :getpid, [])

IO.puts("ping: #{inspect(Node.ping(doomed))}")
# {:nodedown, node} when it goes
Node.monitor(doomed, true)
# {:DOWN, ref, :process, {:echo, node}, reason}
ref = Process.monitor({:echo, doomed})

# the whole node dies at once
{_, 0} = System.cmd("kill", ["-KILL", to_string(os_pid)])
IO.puts("killed the peer's OS process")

receive do
  {:nodedown, ^doomed} = node_down -> IO.puts("got #{inspect(node_down)}")
end

receive do
  {:DOWN, ^ref, :process, _, reason} ->
    IO.puts("the monitor of echo fired with #{inspect(reason)}")
end

IO.puts("connected now: #{inspect(Enum.map(Node.list(), &Atom.to_string/1))}")
