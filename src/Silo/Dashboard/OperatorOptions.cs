using System.ComponentModel.DataAnnotations;

namespace Ecommerce.Silo.Dashboard;

/// <summary>
/// The operator credential that opens the Orleans Dashboard (the <c>Dashboard</c> section).
/// The password is a secret: environment or user secrets only.
/// </summary>
public sealed class OperatorOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>The development password, public in this repository; other environments refuse it.</summary>
    public const string DevelopmentPassword = "operator-dev-password";

    [Required(AllowEmptyStrings = false), RegularExpression("^[^:]{1,64}$", ErrorMessage = "The user name is 1-64 characters without ':'.")]
    public string Username { get; set; } = "operator";

    [Required(AllowEmptyStrings = false), MinLength(12)]
    public string Password { get; set; } = "";
}
