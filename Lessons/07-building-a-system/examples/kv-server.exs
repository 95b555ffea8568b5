# The finished key-value server, started on a port you can talk to: `nc localhost PORT` in
# another terminal, then CREATE shopping, PUT shopping milk 3, GET shopping milk. It shows a
# short session of its own first, then serves for 20 seconds.

# One bucket: a map of strings in a GenServer.
defmodule Bucket do
  use GenServer

  def init(:ok), do: {:ok, %{}}

  def handle_call({:get, key}, _from, map), do: {:reply, Map.get(map, key), map}
  def handle_call({:put, key, value}, _from, map), do: {:reply, nil, Map.put(map, key, value)}
  def handle_call({:delete, key}, _from, map), do: {:reply, Map.get(map, key), Map.delete(map, key)}
end

defmodule KV do
  # The bucket named `name` in the registry :kv_names, or nil.
  # `whereis` skips a bucket that has just ended (its entry may still be in the registry).
  def find_bucket(name), do: GenServer.whereis({:via, Registry, {:kv_names, name}})

  # The bucket named `name`, started (temporary) under the DynamicSupervisor :kv_buckets with a
  # via name in :kv_names unless it exists.
  def create_bucket(name) do
    case find_bucket(name) do
      nil ->
        via = {:via, Registry, {:kv_names, name}}
        spec = %{id: Bucket, start: {GenServer, :start_link, [Bucket, :ok, [name: via]]}, restart: :temporary}

        case DynamicSupervisor.start_child(:kv_buckets, spec) do
          {:ok, pid} -> pid
          {:error, {:already_started, pid}} -> pid
        end

      pid ->
        pid
    end
  end

  def parse(line) do
    case String.split(line) do
      ["CREATE", bucket] -> {:create, bucket}
      ["PUT", bucket, key, value] -> {:put, bucket, key, value}
      ["GET", bucket, key] -> {:get, bucket, key}
      ["DELETE", bucket, key] -> {:delete, bucket, key}
      _ -> :unknown
    end
  end

  # The answer to one line of the protocol: "OK\n", "3\nOK\n", "NOT FOUND\n", or
  # "ERROR unknown command\n" for a line that is not a command (the connection stays up).
  def answer(line) do
    case parse(line) do
      :unknown ->
        "ERROR unknown command\n"

      {:create, name} ->
        create_bucket(name)
        "OK\n"

      {:put, name, key, value} ->
        with_bucket(name, fn bucket ->
          GenServer.call(bucket, {:put, key, value})
          "OK\n"
        end)

      {:get, name, key} ->
        with_bucket(name, fn bucket -> "#{GenServer.call(bucket, {:get, key})}\nOK\n" end)

      {:delete, name, key} ->
        with_bucket(name, fn bucket ->
          GenServer.call(bucket, {:delete, key})
          "OK\n"
        end)
    end
  end

  defp with_bucket(name, fun) do
    case find_bucket(name) do
      nil -> "NOT FOUND\n"
      bucket -> fun.(bucket)
    end
  end

  # The listener: for each connection, starts a handler under :kv_connections and hands it the
  # socket.
  def listen(port) do
    opts = [:binary, packet: :line, active: false, reuseaddr: true, ip: {127, 0, 0, 1}]
    {:ok, listener} = :gen_tcp.listen(port, opts)
    accept(listener)
  end

  defp accept(listener) do
    {:ok, socket} = :gen_tcp.accept(listener)

    spec = %{
      id: :connection,
      restart: :temporary,
      start: {Task, :start_link, [fn -> receive(do: (:go -> serve(socket))) end]}
    }

    {:ok, handler} = DynamicSupervisor.start_child(:kv_connections, spec)
    :ok = :gen_tcp.controlling_process(socket, handler)
    send(handler, :go)
    accept(listener)
  end

  # One connection: a line at a time, answered, until the client closes.
  def serve(socket) do
    :ok = :inet.setopts(socket, active: :once)

    receive do
      {:tcp, ^socket, line} ->
        :ok = :gen_tcp.send(socket, answer(line))
        serve(socket)

      {:tcp_closed, ^socket} ->
        :ok

      {:tcp_error, ^socket, reason} ->
        exit(reason)
    end
  end

  # The whole server as one tree: each child depends on those before it, so rest_for_one.
  def start(port) do
    children = [
      {Registry, keys: :unique, name: :kv_names},
      Supervisor.child_spec({DynamicSupervisor, name: :kv_buckets, strategy: :one_for_one}, id: :buckets),
      Supervisor.child_spec({DynamicSupervisor, name: :kv_connections, strategy: :one_for_one}, id: :connections),
      Supervisor.child_spec({Task, fn -> listen(port) end}, id: :listener, restart: :permanent)
    ]

    {:ok, root} = Supervisor.start_link(children, strategy: :rest_for_one)
    root
  end

  # A client of the server's own, to show the protocol: each line sent and the answer.
  def session(port, lines) do
    client = connect(port, 50)

    for line <- lines do
      :ok = :gen_tcp.send(client, line <> "\n")
      IO.puts("> #{line}")
      for reply <- read_answer(client, []), do: IO.puts("  #{reply}")
    end

    :gen_tcp.close(client)
  end

  # The listener opens its port just after start returns: try a few times.
  defp connect(port, tries) do
    case :gen_tcp.connect(~c"127.0.0.1", port, [:binary, packet: :line, active: false], 1000) do
      {:ok, client} ->
        client

      {:error, reason} when tries == 1 ->
        exit(reason)

      {:error, _} ->
        Process.sleep(20)
        connect(port, tries - 1)
    end
  end

  defp read_answer(client, lines) do
    {:ok, line} = :gen_tcp.recv(client, 0, 2000)
    line = String.trim_trailing(line, "\n")
    lines = lines ++ [line]
    done = line in ["OK", "NOT FOUND"] or String.starts_with?(line, "ERROR")
    if done, do: lines, else: read_answer(client, lines)
  end

  # Port 4040 as in Elixir's guide, or one the system picks when 4040 is taken.
  def choose_port do
    Enum.find_value([4040, 0], fn port ->
      case :gen_tcp.listen(port, reuseaddr: true, ip: {127, 0, 0, 1}) do
        {:ok, probe} ->
          {:ok, chosen} = :inet.port(probe)
          :gen_tcp.close(probe)
          chosen

        {:error, _} ->
          nil
      end
    end)
  end
end

port = KV.choose_port()
root = KV.start(port)
IO.puts("kv server listening on 127.0.0.1:#{port} (the tree's root is #{inspect(root)})")
KV.session(port, ["CREATE shopping", "PUT shopping milk 3", "GET shopping milk", "GET nowhere milk", "FLY away"])
IO.puts("")
IO.puts("Your turn, for 20 seconds: in another terminal")
IO.puts("  nc localhost #{port}")
IO.puts("and type the same lines. Ctrl-C stops the server.")
Process.sleep(20_000)
IO.puts("20 seconds are up: the server stops.")
