package org.reclaim;

public final class Reclaim {
    public static void main(String[] args) {
    }
}
