namespace Ecommerce.Grains.Storage;

/// <summary>Names the silo registers grain storage under.</summary>
public static class StorageNames
{
    /// <summary>PostgreSQL through the Orleans ADO.NET provider.</summary>
    public const string Postgres = "postgres";
}
