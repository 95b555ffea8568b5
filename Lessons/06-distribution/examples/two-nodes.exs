# Two nodes on loopback. One BEAM OS process is one node, so this script becomes
# alice and :peer starts bob as a second BEAM beside it.

# On bob: a process registered as :greeter answers {pid, name} with {:hello, name, node}.
# Compiled before this script becomes a node (Elixir 1.14 cannot compile a module in
# a script after Node.start); bob gets the compiled code over the wire below.
{:module, Greeter, greeter_code, _} =
  defmodule Greeter do
    def start, do: Process.register(spawn(&serve/0), :greeter)

    defp serve do
      receive do
        {from, name} when is_pid(from) -> send(from, {:hello, name, node()})
      end

      serve()
    end
  end

# Distribution needs epmd, the port mapper. `iex --sname` starts one; a script that
# becomes a node starts it itself (a no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:alice, :shortnames)
Node.set_cookie(:tour)

# bob: same cookie, Elixir's modules on its code path, and Greeter loaded and started.
peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
{:ok, bob_peer, bob} = :peer.start(%{name: :bob, args: peer_args})

{:module, Greeter} =
  :erpc.call(bob, :code, :load_binary, [Greeter, ~c"two-nodes.exs", greeter_code])

true = :erpc.call(bob, Greeter, :start, [])

# On alice: send to {:greeter, bob} and wait for the answer, which comes back to alice's pid.
send({:greeter, bob}, {self(), "alice"})

receive do
  reply -> IO.puts("alice got: #{inspect(reply)}")
end

# The Swift example prints node names as strings; so does this line.
IO.puts("alice is connected to: #{inspect(Enum.map(Node.list(), &Atom.to_string/1))}")

:peer.stop(bob_peer)
