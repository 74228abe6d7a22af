#pragma once
// Strong unit types. A Quantity carries the exponents of its base dimensions in its type,
// so `Bytes / BytesPerSecond` is `Seconds` and `Seconds + Bytes` does not compile.
// Values are stored in SI-style base units: seconds, bytes, FLOPs, joules, US dollars.
#include <cmath>
#include <compare>

namespace rackplan::units {

template <int Time, int Byte, int Flop, int Energy, int Money>
class Quantity {
public:
    constexpr Quantity() = default;
    constexpr explicit Quantity(double base_value) : v_(base_value) {}

    // Value in base units (s, B, FLOP, J, USD and their products).
    [[nodiscard]] constexpr double value() const { return v_; }

    // A dimensionless ratio converts to double; nothing else does.
    constexpr operator double() const  // NOLINT(google-explicit-constructor)
        requires(Time == 0 && Byte == 0 && Flop == 0 && Energy == 0 && Money == 0)
    {
        return v_;
    }

    constexpr Quantity& operator+=(Quantity o) { v_ += o.v_; return *this; }
    constexpr Quantity& operator-=(Quantity o) { v_ -= o.v_; return *this; }
    constexpr Quantity& operator*=(double k) { v_ *= k; return *this; }
    constexpr Quantity& operator/=(double k) { v_ /= k; return *this; }

    friend constexpr Quantity operator+(Quantity a, Quantity b) { return Quantity(a.v_ + b.v_); }
    friend constexpr Quantity operator-(Quantity a, Quantity b) { return Quantity(a.v_ - b.v_); }
    friend constexpr Quantity operator-(Quantity a) { return Quantity(-a.v_); }
    friend constexpr Quantity operator*(Quantity a, double k) { return Quantity(a.v_ * k); }
    friend constexpr Quantity operator*(double k, Quantity a) { return Quantity(a.v_ * k); }
    friend constexpr Quantity operator/(Quantity a, double k) { return Quantity(a.v_ / k); }
    friend constexpr auto operator<=>(Quantity a, Quantity b) = default;

private:
    double v_ = 0.0;
};

template <int T1, int B1, int F1, int E1, int M1, int T2, int B2, int F2, int E2, int M2>
constexpr auto operator*(Quantity<T1, B1, F1, E1, M1> a, Quantity<T2, B2, F2, E2, M2> b) {
    return Quantity<T1 + T2, B1 + B2, F1 + F2, E1 + E2, M1 + M2>(a.value() * b.value());
}

template <int T1, int B1, int F1, int E1, int M1, int T2, int B2, int F2, int E2, int M2>
constexpr auto operator/(Quantity<T1, B1, F1, E1, M1> a, Quantity<T2, B2, F2, E2, M2> b) {
    return Quantity<T1 - T2, B1 - B2, F1 - F2, E1 - E2, M1 - M2>(a.value() / b.value());
}

template <int T, int B, int F, int E, int M>
constexpr auto operator/(double k, Quantity<T, B, F, E, M> a) {
    return Quantity<-T, -B, -F, -E, -M>(k / a.value());
}

template <int T, int B, int F, int E, int M>
constexpr Quantity<T, B, F, E, M> max(Quantity<T, B, F, E, M> a, Quantity<T, B, F, E, M> b) {
    return a < b ? b : a;
}
template <int T, int B, int F, int E, int M>
constexpr Quantity<T, B, F, E, M> min(Quantity<T, B, F, E, M> a, Quantity<T, B, F, E, M> b) {
    return b < a ? b : a;
}
template <int T, int B, int F, int E, int M>
bool isfinite(Quantity<T, B, F, E, M> a) { return std::isfinite(a.value()); }

using Ratio = Quantity<0, 0, 0, 0, 0>;
using Seconds = Quantity<1, 0, 0, 0, 0>;
using Hertz = Quantity<-1, 0, 0, 0, 0>;
using Bytes = Quantity<0, 1, 0, 0, 0>;
using BytesPerSecond = Quantity<-1, 1, 0, 0, 0>;
using Flops = Quantity<0, 0, 1, 0, 0>;
using FlopsPerSecond = Quantity<-1, 0, 1, 0, 0>;
using FlopsPerByte = Quantity<0, -1, 1, 0, 0>;
using Joules = Quantity<0, 0, 0, 1, 0>;
using Watts = Quantity<-1, 0, 0, 1, 0>;
using Usd = Quantity<0, 0, 0, 0, 1>;
using UsdPerSecond = Quantity<-1, 0, 0, 0, 1>;
using UsdPerJoule = Quantity<0, 0, 0, -1, 1>;
using UsdPerWattSecond = Quantity<0, 0, 0, -1, 1>;  // same as UsdPerJoule

// Constructors from the units people write. Conversions happen here and in unit_table only.
constexpr Seconds seconds(double x) { return Seconds(x); }
constexpr Seconds milliseconds(double x) { return Seconds(x * 1e-3); }
constexpr Seconds microseconds(double x) { return Seconds(x * 1e-6); }
constexpr Seconds nanoseconds(double x) { return Seconds(x * 1e-9); }
constexpr Seconds hours(double x) { return Seconds(x * 3600.0); }
constexpr Seconds days(double x) { return Seconds(x * 86400.0); }
constexpr Seconds years(double x) { return Seconds(x * 365.25 * 86400.0); }
constexpr Hertz gigahertz(double x) { return Hertz(x * 1e9); }
constexpr Bytes bytes(double x) { return Bytes(x); }
constexpr Bytes kibibytes(double x) { return Bytes(x * 1024.0); }
constexpr Bytes mebibytes(double x) { return Bytes(x * 1048576.0); }
constexpr Bytes gibibytes(double x) { return Bytes(x * 1073741824.0); }
constexpr Bytes gigabytes(double x) { return Bytes(x * 1e9); }
constexpr BytesPerSecond gigabytes_per_second(double x) { return BytesPerSecond(x * 1e9); }
constexpr BytesPerSecond terabytes_per_second(double x) { return BytesPerSecond(x * 1e12); }
constexpr BytesPerSecond gigabits_per_second(double x) { return BytesPerSecond(x * 1e9 / 8.0); }
constexpr Flops flops(double x) { return Flops(x); }
constexpr FlopsPerSecond teraflops_per_second(double x) { return FlopsPerSecond(x * 1e12); }
constexpr Watts watts(double x) { return Watts(x); }
constexpr Watts kilowatts(double x) { return Watts(x * 1e3); }
constexpr Joules kilowatt_hours(double x) { return Joules(x * 3.6e6); }
constexpr Usd usd(double x) { return Usd(x); }
constexpr UsdPerSecond usd_per_hour(double x) { return UsdPerSecond(x / 3600.0); }
constexpr UsdPerJoule usd_per_kwh(double x) { return UsdPerJoule(x / 3.6e6); }

constexpr double to_ms(Seconds s) { return s.value() * 1e3; }
constexpr double to_us(Seconds s) { return s.value() * 1e6; }
constexpr double to_hours(Seconds s) { return s.value() / 3600.0; }
constexpr double to_days(Seconds s) { return s.value() / 86400.0; }
constexpr double to_gib(Bytes b) { return b.value() / 1073741824.0; }
constexpr double to_gb(Bytes b) { return b.value() / 1e9; }
constexpr double to_gbps(BytesPerSecond b) { return b.value() / 1e9; }
constexpr double to_tflops(FlopsPerSecond f) { return f.value() / 1e12; }
constexpr double to_kw(Watts w) { return w.value() / 1e3; }
constexpr double to_mwh(Joules j) { return j.value() / 3.6e9; }
constexpr double to_usd_per_hour(UsdPerSecond r) { return r.value() * 3600.0; }
constexpr double to_usd_per_kwh(UsdPerJoule r) { return r.value() * 3.6e6; }

}  // namespace rackplan::units
