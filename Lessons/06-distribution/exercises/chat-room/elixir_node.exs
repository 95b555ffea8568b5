# The real Elixir node of chat-room's checks. The checker starts it with this script (`elixir
# --sname … -r elixir_node.exs`) beside the learner's program; the test connects to it and drives
# it through the process registered as :chat_elixir. Like the Swift nodes, it runs the :chat
# scope of :pg, so its members and theirs are in the same rooms.
{:ok, _} = :pg.start(:chat)

defmodule ChatElixir do
  @doc "Handles the test's requests, each in a process of its own."
  def control do
    receive do
      {:member, name, rooms, collector} -> spawn(fn -> member(name, rooms, collector) end)
      {:await_members, room, count, reply_to} -> spawn(fn -> await_members(room, count, reply_to) end)
      {:say, room, text, reply_to} -> spawn(fn -> say(room, text, reply_to) end)
    end

    control()
  end

  # A member called `name`: joins each room (a room twice joins it twice), tells the collector
  # {:joined, name}, then reports every message it gets as {:got, name, message}. It ends when
  # the collector does, so a finished test leaves no member behind.
  defp member(name, rooms, collector) do
    ref = Process.monitor(collector)
    for room <- rooms, do: :ok = :pg.join(:chat, {:room, room}, self())
    send(collector, {:joined, name})
    relay(name, collector, ref)
  end

  defp relay(name, collector, ref) do
    receive do
      {:DOWN, ^ref, :process, _, _} ->
        :ok

      message ->
        send(collector, {:got, name, message})
        relay(name, collector, ref)
    end
  end

  # Once this node's :chat scope lists `count` entries for the room (or after 10 s), replies
  # {:elixir_sees, room, nodes}: the node of each entry, sorted.
  defp await_members(room, count, reply_to) do
    group = {:room, room}
    {ref, _} = :pg.monitor(:chat, group)
    wait(ref, group, count, System.monotonic_time(:millisecond) + 10_000)
    :pg.demonitor(:chat, ref)
    nodes = :pg.get_members(:chat, group) |> Enum.map(&node/1) |> Enum.sort()
    send(reply_to, {:elixir_sees, room, nodes})
  end

  defp wait(ref, group, count, deadline) do
    left = deadline - System.monotonic_time(:millisecond)

    cond do
      length(:pg.get_members(:chat, group)) >= count -> :ok
      left <= 0 -> :timeout
      true -> receive do {^ref, _, ^group, _} -> wait(ref, group, count, deadline) after left -> :timeout end
    end
  end

  # The chat's say, written in Elixir: {:said, room, self(), text} to every other member of the
  # room on every node, once each; replies {:elixir_said, count}.
  defp say(room, text, reply_to) do
    me = self()
    pids = :pg.get_members(:chat, {:room, room}) |> Enum.uniq() |> Enum.reject(&(&1 == me))
    for pid <- pids, do: send(pid, {:said, room, me, text})
    send(reply_to, {:elixir_said, length(pids)})
  end
end

Process.register(spawn(&ChatElixir.control/0), :chat_elixir)
