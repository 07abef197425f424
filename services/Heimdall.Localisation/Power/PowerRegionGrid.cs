using Heimdall.Localisation.Geodesy;

namespace Heimdall.Localisation.Power;

/// <summary>
/// A square grid in the local east-north plane of <see cref="Origin"/>: cell (row, column) spans east
/// [<see cref="West"/> + column·h, … + h) and north [<see cref="South"/> + row·h, … + h), h = <see cref="CellM"/>.
/// </summary>
public sealed class PowerRegionGrid(GeoPosition origin, double west, double south, double cellM, int rows, int columns)
{
    private readonly LocalFrame _frame = new(origin);

    public GeoPosition Origin { get; } = origin;

    /// <summary>East (m) of the grid's western edge from <see cref="Origin"/>.</summary>
    public double West { get; } = west;

    /// <summary>North (m) of the grid's southern edge from <see cref="Origin"/>.</summary>
    public double South { get; } = south;

    public double CellM { get; } = cellM;

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>The centre of cell (row, column).</summary>
    public GeoPosition Centre(int row, int column) => _frame.FromEnu(West + ((column + 0.5) * CellM), South + ((row + 0.5) * CellM), 0);

    /// <summary>The east/north metres of cell (row, column)'s centre.</summary>
    public (double E, double N) CentreEnu(int row, int column) => (West + ((column + 0.5) * CellM), South + ((row + 0.5) * CellM));

    /// <summary>A corner of the grid's lines: row and column may run from 0 to Rows and Columns.</summary>
    public GeoPosition Corner(int row, int column) => _frame.FromEnu(West + (column * CellM), South + (row * CellM), 0);

    /// <summary>The cell holding <paramref name="position"/>, or null outside the grid.</summary>
    public (int Row, int Column)? CellOf(GeoPosition position)
    {
        var (e, n, _) = _frame.ToEnu(position);
        var column = (int)Math.Floor((e - West) / CellM);
        var row = (int)Math.Floor((n - South) / CellM);
        return row >= 0 && row < Rows && column >= 0 && column < Columns ? (row, column) : null;
    }

    /// <summary>East/north metres of a position in this grid's frame.</summary>
    public (double E, double N) Enu(GeoPosition position)
    {
        var (e, n, _) = _frame.ToEnu(position);
        return (e, n);
    }
}
