// A tickless EL1 guest for the UnicornGuest sample. Build (Debian's binutils-aarch64-linux-gnu):
//   aarch64-linux-gnu-as -o guest.o guest.S && aarch64-linux-gnu-ld -Ttext=0x40000000 -o guest.elf guest.o && aarch64-linux-gnu-objcopy -O binary guest.elf guest.bin
// It runs at EL1h. It takes ticks alternately from the EL1 physical timer (programmed with TVAL) and
// the virtual timer (programmed with CVAL), as a tickless kernel does: program, enable, WFI, take the
// IRQ, mask it with IMASK, record, program the next one. It reads one unallocated register of the
// generic-timer block once and expects an UNDEF. Everything it sees goes to the report page.

        .equ REPORT,    0x40100000      // the report page (host writes the inputs at +0x08, +0x10)
        .equ DOORBELL,  0x09000000      // MMIO: a store here ends the run (1 done, 2 failed)
        .equ STACK_TOP, 0x40400000

        // Report offsets (u64 each); docs/unicorn-sample.md describes them.
        .equ R_MAGIC, 0x00
        .equ R_TARGET, 0x08
        .equ R_HZ, 0x10
        .equ R_TICKS, 0x18
        .equ R_SPURIOUS, 0x20
        .equ R_UNDEFS, 0x28
        .equ R_UNDEF_ESR, 0x30
        .equ R_UNDEF_ELR, 0x38
        .equ R_UNDEF_AT, 0x40
        .equ R_IMASK_BAD, 0x48
        .equ R_FREQ, 0x50
        .equ R_PERIOD, 0x58
        .equ R_OTHER_SYNC, 0x60
        .equ R_OTHER_ESR, 0x68
        .equ R_TICK_LOG, 0x100          // per tick: timer (0 physical, 1 virtual), count, CVAL

        .text
        .global _start
_start:
        ldr     x0, =STACK_TOP
        mov     sp, x0
        adr     x0, vectors
        msr     vbar_el1, x0
        isb
        ldr     x19, =REPORT
        ldr     x0, =0x3154534555474355 // "UCGUEST1"
        str     x0, [x19, #R_MAGIC]
        mrs     x0, cntfrq_el0
        str     x0, [x19, #R_FREQ]
        ldr     x1, [x19, #R_HZ]
        udiv    x20, x0, x1             // x20: the tick period in counter cycles
        str     x20, [x19, #R_PERIOD]

        adr     x0, undef_insn
        str     x0, [x19, #R_UNDEF_AT]
undef_insn:
        mrs     x0, s3_3_c14_c0_7       // unallocated in the timer block: must UNDEF

        msr     cntp_tval_el0, x20      // first tick: the physical timer, by TVAL
        mov     x0, #1                  // ENABLE
        msr     cntp_ctl_el0, x0
        msr     daifclr, #2             // unmask IRQs
idle:
        wfi
        ldr     x0, [x19, #R_TICKS]
        ldr     x1, [x19, #R_TARGET]
        cmp     x0, x1
        b.lo    idle
        msr     daifset, #2
        msr     cntp_ctl_el0, xzr
        msr     cntv_ctl_el0, xzr
        mov     x0, #1
        b       ring

fail:   mov     x0, #2
ring:   ldr     x1, =DOORBELL
        str     x0, [x1]
halt:   b       halt

// IRQ: which timer is ENABLE, ISTATUS and not IMASK? Mask it, record, program the other one.
irq_handler:
        stp     x0, x1, [sp, #-64]!     // x30 too: the handler calls imask_bad
        stp     x2, x3, [sp, #16]
        stp     x4, x5, [sp, #32]
        stp     x6, x30, [sp, #48]
        ldr     x2, [x19, #R_TICKS]
        mrs     x0, cntp_ctl_el0
        and     x1, x0, #7
        cmp     x1, #5                  // ISTATUS | ENABLE
        b.eq    phys_tick
        mrs     x0, cntv_ctl_el0
        and     x1, x0, #7
        cmp     x1, #5
        b.eq    virt_tick
        ldr     x0, [x19, #R_SPURIOUS]
        add     x0, x0, #1
        str     x0, [x19, #R_SPURIOUS]
        b       irq_out
phys_tick:
        mov     x0, #3                  // ENABLE | IMASK: the line goes low
        msr     cntp_ctl_el0, x0
        mrs     x0, cntp_ctl_el0
        cmp     x0, #7                  // IMASK took, ISTATUS still set
        b.eq    1f
        bl      imask_bad
1:      mrs     x3, cntpct_el0
        mrs     x4, cntp_cval_el0
        mov     x5, #0
        b       record
virt_tick:
        mov     x0, #3
        msr     cntv_ctl_el0, x0
        mrs     x0, cntv_ctl_el0
        cmp     x0, #7
        b.eq    1f
        bl      imask_bad
1:      mrs     x3, cntvct_el0
        mrs     x4, cntv_cval_el0
        mov     x5, #1
record:
        mov     x6, #24
        madd    x6, x2, x6, x19
        str     x5, [x6, #R_TICK_LOG]
        str     x3, [x6, #R_TICK_LOG + 8]
        str     x4, [x6, #R_TICK_LOG + 16]
        add     x2, x2, #1
        str     x2, [x19, #R_TICKS]
        ldr     x1, [x19, #R_TARGET]
        cmp     x2, x1
        b.hs    irq_out                 // done: program nothing more
        cbnz    x5, next_phys
        mrs     x0, cntvct_el0          // next tick: the virtual timer, by CVAL
        add     x0, x0, x20
        msr     cntv_cval_el0, x0
        mov     x0, #1
        msr     cntv_ctl_el0, x0
        b       irq_out
next_phys:
        msr     cntp_tval_el0, x20      // next tick: the physical timer, by TVAL
        mov     x0, #1
        msr     cntp_ctl_el0, x0
irq_out:
        ldp     x6, x30, [sp, #48]
        ldp     x4, x5, [sp, #32]
        ldp     x2, x3, [sp, #16]
        ldp     x0, x1, [sp], #64
        eret

imask_bad:
        ldr     x1, [x19, #R_IMASK_BAD]
        add     x1, x1, #1
        str     x1, [x19, #R_IMASK_BAD]
        ret

// Synchronous: an UNDEF (EC 0) is recorded and skipped; anything else ends the run as a failure.
sync_handler:
        stp     x0, x1, [sp, #-16]!
        mrs     x0, esr_el1
        lsr     x1, x0, #26
        cbnz    x1, other_sync
        str     x0, [x19, #R_UNDEF_ESR]
        ldr     x1, [x19, #R_UNDEFS]
        add     x1, x1, #1
        str     x1, [x19, #R_UNDEFS]
        mrs     x0, elr_el1
        str     x0, [x19, #R_UNDEF_ELR]
        add     x0, x0, #4              // skip the UNDEFINED instruction
        msr     elr_el1, x0
        ldp     x0, x1, [sp], #16
        eret
other_sync:
        str     x0, [x19, #R_OTHER_ESR]
        mov     x1, #1
        str     x1, [x19, #R_OTHER_SYNC]
        b       fail

        .ltorg

        .balign 2048
vectors:                                // VBAR_EL1
        .balign 128
        b       fail                    // +0x000 current EL, SP0: sync
        .balign 128
        b       fail                    // +0x080 IRQ
        .balign 128
        b       fail                    // +0x100 FIQ
        .balign 128
        b       fail                    // +0x180 SError
        .balign 128
        b       sync_handler            // +0x200 current EL, SPx: sync
        .balign 128
        b       irq_handler             // +0x280 IRQ
        .balign 128
        b       fail                    // +0x300 FIQ
        .balign 128
        b       fail                    // +0x380 SError
        .balign 128
