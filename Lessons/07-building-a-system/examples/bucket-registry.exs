defmodule Bucket do
  use GenServer

  def init(nil), do: {:ok, %{}}

  def handle_call({:get, key}, _from, map), do: {:reply, Map.get(map, key), map}
  def handle_call({:put, key, value}, _from, map), do: {:reply, :ok, Map.put(map, key, value)}
  def handle_call({:delete, key}, _from, map), do: {:reply, Map.get(map, key), Map.delete(map, key)}
end

defmodule Buckets do
  def via(name), do: {:via, Registry, {:bucket_names, name}}

  # `whereis` checks that the bucket is alive: right after a crash the registry may still hold
  # its entry, which a plain `Registry.lookup` would return.
  def lookup_or_create(name) do
    case GenServer.whereis(via(name)) do
      pid when is_pid(pid) ->
        pid

      nil ->
        spec = %{id: Bucket, start: {GenServer, :start_link, [Bucket, nil, [name: via(name)]]}, restart: :temporary}

        case DynamicSupervisor.start_child(:bucket_sup, spec) do
          {:ok, pid} -> pid
          # Another process created it between our lookup and our start: use theirs.
          {:error, {:already_started, pid}} -> pid
        end
    end
  end
end

{:ok, _} = Registry.start_link(keys: :unique, name: :bucket_names)
{:ok, _} = DynamicSupervisor.start_link(strategy: :one_for_one, name: :bucket_sup)

shopping = Buckets.lookup_or_create("shopping")
:ok = GenServer.call(shopping, {:put, "milk", 3})
IO.puts("milk: #{GenServer.call(Buckets.via("shopping"), {:get, "milk"})}")
IO.puts("same bucket again: #{Buckets.lookup_or_create("shopping") == shopping}")
chores = Buckets.lookup_or_create("chores")
IO.puts("two buckets: #{chores != shopping}")
IO.puts("buckets running: #{DynamicSupervisor.count_children(:bucket_sup).active}")

ref = Process.monitor(shopping)
Process.exit(shopping, :kill)
receive do: ({:DOWN, ^ref, _, _, _} -> :ok)
IO.puts("after the crash the name finds: #{inspect(GenServer.whereis(Buckets.via("shopping")))}")
IO.puts("buckets running: #{DynamicSupervisor.count_children(:bucket_sup).active}")
fresh = Buckets.lookup_or_create("shopping")
IO.puts("a new, empty bucket: #{inspect(GenServer.call(fresh, {:get, "milk"}))}")
