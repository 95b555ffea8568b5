{:ok, [first | rest]} = {:ok, [1, 2, 3]}
IO.puts("first = #{inspect(first)}")
IO.puts("rest = #{inspect(rest)}")

%{"name" => name} = %{"name" => "Ada", "born" => 1815}
IO.puts("name = #{inspect(name)}")

"user:" <> id = "user:42"
IO.puts("id = #{inspect(id)}")

<<len, body::binary-size(len), tail::binary>> = <<3, "abcdef">>
IO.puts("len = #{inspect(len)}")
IO.puts("body = #{inspect(body)}")
IO.puts("tail = #{inspect(tail)}")

[a: x, b: y] = [a: 1, b: {2.5, 'ok'}]
IO.puts("x = #{inspect(x)}")
IO.puts("y = #{inspect(y)}")

# A failed match raises MatchError, which carries the value.
try do
  {:ok, _} = {:error, :enoent}
rescue
  error in MatchError -> IO.puts(Exception.message(error))
end
