# The buckets' supervision tree as an application, and what a crash takes with it.
Logger.configure(level: :warning)

defmodule Bucket do
  use GenServer
  def init(nil), do: {:ok, %{}}
end

defmodule KV.App do
  use Application

  def start(_type, _args) do
    children = [
      {Registry, keys: :unique, name: :kv_names},
      Supervisor.child_spec({DynamicSupervisor, name: :kv_buckets}, id: :buckets),
      Supervisor.child_spec({Agent, fn -> :ready end}, id: :front)
    ]

    Supervisor.start_link(children, strategy: :rest_for_one, name: :kv_root)
  end
end

defmodule Tree do
  def pids, do: for({id, pid, _, _} <- Supervisor.which_children(:kv_root), into: %{}, do: {id, pid})

  def report(before) do
    now = pids()
    for id <- [:kv_names, :buckets, :front] do
      IO.puts("  #{id}: #{if now[id] == before[id], do: "same", else: "restarted"}")
    end
  end

  def kill(pid) do
    ref = Process.monitor(pid)
    Process.exit(pid, :kill)
    receive do: ({:DOWN, ^ref, _, _, _} -> :ok)
    # Asking the root a question waits until it has dealt with the crash.
    Supervisor.which_children(:kv_root)
  end
end

:ok = :application.load({:application, :kv, [description: ~c"kv", vsn: ~c"1", modules: [], registered: [], applications: [], mod: {KV.App, []}]})
{:ok, started} = Application.ensure_all_started(:kv)
IO.puts("started: #{inspect(started)}")

via = {:via, Registry, {:kv_names, "shopping"}}
{:ok, bucket} = DynamicSupervisor.start_child(:kv_buckets, %{id: Bucket, start: {GenServer, :start_link, [Bucket, nil, [name: via]]}, restart: :temporary})

IO.puts("-- the bucket crashes --")
before = Tree.pids()
Tree.kill(bucket)
Tree.report(before)
IO.puts("  buckets left: #{DynamicSupervisor.count_children(:kv_buckets).active}")

{:ok, bucket} = DynamicSupervisor.start_child(:kv_buckets, %{id: Bucket, start: {GenServer, :start_link, [Bucket, nil, [name: via]]}, restart: :temporary})
IO.puts("-- the bucket supervisor crashes --")
before = Tree.pids()
Tree.kill(before[:buckets])
Tree.report(before)
IO.puts("  the bucket survived: #{Process.alive?(bucket)}")
IO.puts("  its name survived: #{Registry.lookup(:kv_names, "shopping") != []}")

IO.puts("-- the front crashes --")
before = Tree.pids()
Tree.kill(before[:front])
Tree.report(before)

:ok = Application.stop(:kv)
IO.puts("root running after stop: #{Process.whereis(:kv_root) != nil}")
