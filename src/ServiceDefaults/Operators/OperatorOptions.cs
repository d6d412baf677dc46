using System.ComponentModel.DataAnnotations;

namespace Ecommerce.ServiceDefaults.Operators;

/// <summary>
/// The operator credential that opens every operator endpoint: the Orleans Dashboard, the
/// diagnostics and <c>/metrics</c> (the <c>Dashboard</c> section, named when the dashboard was the
/// only one). The password is a secret: environment or user secrets only.
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
