using System.ComponentModel.DataAnnotations;

namespace Heimdall.ServiceDefaults.Options;

/// <summary>PostgreSQL connection, from <c>ConnectionStrings:Heimdall</c>.</summary>
public sealed class DatabaseOptions
{
    public const string ConnectionStringName = "Heimdall";

    [Required(ErrorMessage = "ConnectionStrings:Heimdall is required (an Npgsql connection string).")]
    public string ConnectionString { get; set; } = "";
}
