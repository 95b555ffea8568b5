defmodule Shapes do
  # Function clauses with guards: the first one that fits runs.
  def area({:square, side}), do: "#{side * side}"
  def area({:rect, w, h}) when w == h, do: "#{w * w} (a square in disguise)"
  def area({:rect, w, h}), do: "#{w * h}"
  def area({:circle, r}) when r >= 0, do: inspect(3.0 * r * r)
  def area({:circle, _}), do: "no area: negative radius"

  def describe(t) do
    cond do
      t < 0 -> "freezing"
      t < 20 -> "mild"
      true -> "hot"
    end
  end
end

for shape <- [{:square, 3}, {:rect, 2, 5}, {:rect, 4, 4}, {:circle, 1.5}, {:circle, -1}] do
  IO.puts(Shapes.area(shape))
end

for t <- [-5, 12, 31] do
  IO.puts("#{t}: #{Shapes.describe(t)}")
end
