# Three ways to put another node to work: a :pg group that spans both nodes, an :erpc
# call, and a task under bob's Task.Supervisor. One BEAM OS process is one node, so this
# script becomes alice and :peer starts bob as a second BEAM beside it.

# Compiled before this script becomes a node (Elixir 1.14 cannot compile a module in a
# script after Node.start); bob gets the compiled code over the wire below.
{:module, :tour_math, math_code, _} =
  defmodule :tour_math do
    def square(n), do: n * n
  end

{:module, Member, member_code, _} =
  defmodule Member do
    # A member of the group :workers answers {:ping, from} with {:pong, its node}.
    def start, do: spawn(&join/0)

    defp join do
      :ok = :pg.join(:workers, self())
      serve()
    end

    defp serve do
      receive do
        {:ping, from} -> send(from, {:pong, node()})
      end

      serve()
    end
  end

{:module, Keeper, keeper_code, _} =
  defmodule Keeper do
    # Starts the Task.Supervisor :tasks from a process that waits forever (a supervisor
    # ends with the process that started it).
    def start do
      parent = self()

      spawn(fn ->
        {:ok, _} = Task.Supervisor.start_link(name: :tasks)
        send(parent, :tasks_up)
        Process.sleep(:infinity)
      end)

      receive do
        :tasks_up -> :ok
      end
    end
  end

# Distribution needs epmd, the port mapper. `iex --sname` starts one; a script that
# becomes a node starts it itself (a no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:alice, :shortnames)
Node.set_cookie(:tour)

# bob: same cookie, Elixir's modules on its code path, the three modules loaded; then
# :pg's default scope with one member, and the Task.Supervisor :tasks.
peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
{:ok, bob_peer, bob} = :peer.start(%{name: :bob, args: peer_args})

for {module, code} <- [{:tour_math, math_code}, {Member, member_code}, {Keeper, keeper_code}] do
  {:module, ^module} = :erpc.call(bob, :code, :load_binary, [module, ~c"cluster-work.exs", code])
end

{:ok, _} = :erpc.call(bob, :pg, :start, [:pg])
_ = :erpc.call(bob, Member, :start, [])
:ok = :erpc.call(bob, Keeper, :start, [])

{:ok, _} = :pg.start_link()
Member.start()

# 1. :pg: wait until both members are seen here, then ping every member of the group.
wait = fn wait -> if length(:pg.get_members(:workers)) < 2, do: (Process.sleep(10); wait.(wait)) end
wait.(wait)
for pid <- :pg.get_members(:workers), do: send(pid, {:ping, self()})

answered =
  for _ <- 1..2 do
    receive do
      {:pong, node} -> node |> Atom.to_string() |> String.split("@") |> hd()
    end
  end

IO.puts("the :workers group answered from: #{inspect(Enum.sort(answered))}")

# 2. :erpc: a call on bob, and a multicall that also asks a node that does not exist.
IO.puts("bob squares 7: #{:erpc.call(bob, :tour_math, :square, [7])}")
[_, host] = bob |> Atom.to_string() |> String.split("@")
results = :erpc.multicall([bob, :"ghost@#{host}"], :tour_math, :square, [8], 2000)
IO.puts("multicall to bob and a ghost: #{inspect(results)}")

# 3. A task under bob's Task.Supervisor: it runs on bob, and its result comes back here.
task = Task.Supervisor.async({:tasks, bob}, :tour_math, :square, [12])
IO.puts("the task ran on bob: #{bob in Node.list() and node(task.pid) == bob}")
IO.puts("its result: #{Task.await(task)}")

:peer.stop(bob_peer)
