using Microsoft.EntityFrameworkCore;

namespace EfCoreSample;

public sealed class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Customer>().ToTable("customers");
        model.Entity<Order>().ToTable("orders").HasIndex(o => o.Total);
    }
}

public sealed class Customer
{
    public int Id { get; set; }
    public required string Name { get; set; }
}

public sealed class Order
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public decimal Total { get; set; }
}
