# A name for the whole cluster: alice's leader takes the :global name :leader, bob finds it
# from his node, cannot take it while it lives, and takes over once it ends. One BEAM OS
# process is one node, so this script becomes alice and :peer starts bob as a second BEAM.

# Compiled before this script becomes a node; bob gets the compiled code over the wire below.
{:module, Leader, leader_code, _} =
  defmodule Leader do
    # A leader answers {:who, from} with {:leader_on, its node}, and ends on :stop.
    def start, do: spawn(&loop/0)

    defp loop do
      receive do
        :stop ->
          :ok

        {:who, from} ->
          send(from, {:leader_on, node()})
          loop()
      end
    end

    # Asks whoever holds :leader which node it runs on (the part of the name before the @).
    def ask do
      :global.send(:leader, {:who, self()})

      receive do
        {:leader_on, node} -> node |> Atom.to_string() |> String.split("@") |> hd()
      end
    end
  end

{:module, Bob, bob_code, _} =
  defmodule Bob do
    # What bob does, run on bob; returns the lines to print.
    def run do
      :ok = :global.sync()
      first = "bob asks :leader, it answers from #{Leader.ask()}"
      mine = Leader.start()
      taken = :global.register_name(:leader, mine)
      # The leader ends: every node drops its name (each has a monitor on it).
      old = :global.whereis_name(:leader)
      ref = Process.monitor(old)
      send(old, :stop)

      receive do
        {:DOWN, ^ref, :process, _, _} -> :ok
      end

      wait = fn wait -> if :global.whereis_name(:leader) != :undefined, do: (Process.sleep(10); wait.(wait)) end
      wait.(wait)
      took_over = :global.register_name(:leader, mine)

      [
        first,
        "bob registers :leader too: #{taken}",
        "the leader stopped; bob finds :leader: undefined",
        "bob takes over :leader: #{took_over}"
      ]
    end
  end

# Distribution needs epmd, the port mapper. A script that becomes a node starts it itself
# (a no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:alice, :shortnames)
Node.set_cookie(:tour)

registered = :global.register_name(:leader, Leader.start())
IO.puts("alice registers :leader: #{registered}")

# bob: same cookie, Elixir's modules on its code path, the two modules loaded.
peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
{:ok, bob_peer, bob} = :peer.start(%{name: :bob, args: peer_args})

for {module, code} <- [{Leader, leader_code}, {Bob, bob_code}] do
  {:module, ^module} = :erpc.call(bob, :code, :load_binary, [module, ~c"global-leader.exs", code])
end

for line <- :erpc.call(bob, Bob, :run, []), do: IO.puts(line)

IO.puts("alice asks :leader, it answers from #{Leader.ask()}")

:peer.stop(bob_peer)
