/*
 * trace_formats.h - the fields and print formats of the events mmsim
 * traces, as Linux 6.18's tracefs prints them in
 * events/SUBSYS/EVENT/format (x86-64): the text after the common fields.
 * procfs/trace_events.c assembles the format files from them.
 */
#ifndef MMSIM_TRACE_FORMATS_H
#define MMSIM_TRACE_FORMATS_H

/* exceptions:page_fault_user, ID 190 */
#define FIELDS_page_fault_user \
	"\tfield:unsigned long address;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long ip;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long error_code;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_page_fault_user \
	"\"address=%ps ip=%ps error_code=0x%lx\", (void *)REC->address, (" \
	"void *)REC->ip, REC->error_code" \
	"\n"

/* filemap:mm_filemap_add_to_page_cache, ID 600 */
#define FIELDS_mm_filemap_add_to_page_cache \
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long i_ino;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long index;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:dev_t s_dev;\toffset:32;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned char order;\toffset:36;\tsize:1;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_filemap_add_to_page_cache \
	"\"dev %d:%d ino %lx pfn=0x%lx ofs=%lu order=%u\", ((unsigned int" \
	") ((REC->s_dev) >> 20)), ((unsigned int) ((REC->s_dev) & ((1U <<" \
	" 20) - 1))), REC->i_ino, REC->pfn, REC->index << 12, REC->order" \
	"\n"

/* filemap:mm_filemap_delete_from_page_cache, ID 601 */
#define FIELDS_mm_filemap_delete_from_page_cache \
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long i_ino;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long index;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:dev_t s_dev;\toffset:32;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned char order;\toffset:36;\tsize:1;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_filemap_delete_from_page_cache \
	"\"dev %d:%d ino %lx pfn=0x%lx ofs=%lu order=%u\", ((unsigned int" \
	") ((REC->s_dev) >> 20)), ((unsigned int) ((REC->s_dev) & ((1U <<" \
	" 20) - 1))), REC->i_ino, REC->pfn, REC->index << 12, REC->order" \
	"\n"

/* oom:mark_victim, ID 609 */
#define FIELDS_mark_victim \
	"\tfield:int pid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:__data_loc char[] comm;\toffset:12;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long total_vm;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long anon_rss;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long file_rss;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long shmem_rss;\toffset:40;\tsize:8;\tsigned:0;\n" \
	"\tfield:uid_t uid;\toffset:48;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long pgtables;\toffset:56;\tsize:8;\tsigned:0;\n" \
	"\tfield:short oom_score_adj;\toffset:64;\tsize:2;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mark_victim \
	"\"pid=%d comm=%s total-vm=%lukB anon-rss=%lukB file-rss:%lukB sh" \
	"mem-rss:%lukB uid=%u pgtables=%lukB oom_score_adj=%hd\", REC->pi" \
	"d, __get_str(comm), REC->total_vm, REC->anon_rss, REC->file_rss," \
	" REC->shmem_rss, REC->uid, REC->pgtables, REC->oom_score_adj" \
	"\n"

/* kmem:rss_stat, ID 646 */
#define FIELDS_rss_stat \
	"\tfield:unsigned int mm_id;\toffset:8;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned int curr;\toffset:12;\tsize:4;\tsigned:0;\n" \
	"\tfield:int member;\toffset:16;\tsize:4;\tsigned:1;\n" \
	"\tfield:long size;\toffset:24;\tsize:8;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_rss_stat \
	"\"mm_id=%u curr=%d type=%s size=%ldB\", REC->mm_id, REC->curr, _" \
	"_print_symbolic(REC->member, { 0, \"MM_FILEPAGES\" }, { 1, \"MM_" \
	"ANONPAGES\" }, { 2, \"MM_SWAPENTS\" }, { 3, \"MM_SHMEMPAGES\" })" \
	", REC->size" \
	"\n"

/* kmem:mm_page_alloc, ID 653 */
#define FIELDS_mm_page_alloc \
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int order;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long gfp_flags;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:int migratetype;\toffset:32;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_page_alloc \
	"\"page=%p pfn=0x%lx order=%d migratetype=%d gfp_flags=%s\", REC-" \
	">pfn != -1UL ? (((struct page *)vmemmap_base) + (REC->pfn)) : ((" \
	"void *)0), REC->pfn != -1UL ? REC->pfn : 0, REC->order, REC->mig" \
	"ratetype, (REC->gfp_flags) ? __print_flags(REC->gfp_flags, \"|\"" \
	", {( unsigned long)(((((((( gfp_t)(((((1UL))) << (10))|((((1UL))" \
	") << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))" \
	") << (7))) | (( gfp_t)((((1UL))) << (20)))) | (( gfp_t)((((1UL))" \
	") << (1)))) | (( gfp_t)((((1UL))) << (3))) | (( gfp_t)0)) | (( g" \
	"fp_t)((((1UL))) << (18))) | (( gfp_t)((((1UL))) << (19))) | (( g" \
	"fp_t)((((1UL))) << (13)))) & ~(( gfp_t)(((((1UL))) << (10))|((((" \
	"1UL))) << (11))))) | (( gfp_t)((((1UL))) << (10)))), \"GFP_TRANS" \
	"HUGE\"}, {( unsigned long)((((((( gfp_t)(((((1UL))) << (10))|(((" \
	"(1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)(((" \
	"(1UL))) << (7))) | (( gfp_t)((((1UL))) << (20)))) | (( gfp_t)(((" \
	"(1UL))) << (1)))) | (( gfp_t)((((1UL))) << (3))) | (( gfp_t)0)) " \
	"| (( gfp_t)((((1UL))) << (18))) | (( gfp_t)((((1UL))) << (19))) " \
	"| (( gfp_t)((((1UL))) << (13)))) & ~(( gfp_t)(((((1UL))) << (10)" \
	")|((((1UL))) << (11))))), \"GFP_TRANSHUGE_LIGHT\"}, {( unsigned " \
	"long)((((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | ((" \
	" gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | (( g" \
	"fp_t)((((1UL))) << (20)))) | (( gfp_t)((((1UL))) << (1)))) | (( " \
	"gfp_t)((((1UL))) << (3))) | (( gfp_t)0)), \"GFP_HIGHUSER_MOVABLE" \
	"\"}, {( unsigned long)(((( gfp_t)(((((1UL))) << (10))|((((1UL)))" \
	" << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL)))" \
	" << (7))) | (( gfp_t)((((1UL))) << (20)))) | (( gfp_t)((((1UL)))" \
	" << (1)))), \"GFP_HIGHUSER\"}, {( unsigned long)((( gfp_t)(((((1" \
	"UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6" \
	"))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL))) << (20)" \
	"))), \"GFP_USER\"}, {( unsigned long)(((( gfp_t)(((((1UL))) << (" \
	"10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( g" \
	"fp_t)((((1UL))) << (7)))) | (( gfp_t)((((1UL))) << (22)))), \"GF" \
	"P_KERNEL_ACCOUNT\"}, {( unsigned long)((( gfp_t)(((((1UL))) << (" \
	"10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( g" \
	"fp_t)((((1UL))) << (7)))), \"GFP_KERNEL\"}, {( unsigned long)(((" \
	" gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)(((" \
	"(1UL))) << (6)))), \"GFP_NOFS\"}, {( unsigned long)((( gfp_t)(((" \
	"(1UL))) << (5)))|(( gfp_t)((((1UL))) << (11)))), \"GFP_ATOMIC\"}" \
	", {( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << " \
	"(11))))), \"GFP_NOIO\"}, {( unsigned long)((( gfp_t)((((1UL))) <" \
	"< (11))) | (( gfp_t)((((1UL))) << (13)))), \"GFP_NOWAIT\"}, {( u" \
	"nsigned long)(( gfp_t)((((1UL))) << (0))), \"GFP_DMA\"}, {( unsi" \
	"gned long)(( gfp_t)((((1UL))) << (2))), \"GFP_DMA32\"}, {( unsig" \
	"ned long)(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))), \"" \
	"__GFP_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1UL))) << (0)))," \
	" \"__GFP_DMA\"}, {( unsigned long)(( gfp_t)((((1UL))) << (1))), " \
	"\"__GFP_HIGHMEM\"}, {( unsigned long)(( gfp_t)((((1UL))) << (2))" \
	"), \"__GFP_DMA32\"}, {( unsigned long)(( gfp_t)((((1UL))) << (3)" \
	")), \"__GFP_MOVABLE\"}, {( unsigned long)(( gfp_t)((((1UL))) << " \
	"(4))), \"__GFP_RECLAIMABLE\"}, {( unsigned long)(( gfp_t)((((1UL" \
	"))) << (5))), \"__GFP_HIGH\"}, {( unsigned long)(( gfp_t)((((1UL" \
	"))) << (6))), \"__GFP_IO\"}, {( unsigned long)(( gfp_t)((((1UL))" \
	") << (7))), \"__GFP_FS\"}, {( unsigned long)(( gfp_t)((((1UL))) " \
	"<< (8))), \"__GFP_ZERO\"}, {( unsigned long)(( gfp_t)((((1UL))) " \
	"<< (10))), \"__GFP_DIRECT_RECLAIM\"}, {( unsigned long)(( gfp_t)" \
	"((((1UL))) << (11))), \"__GFP_KSWAPD_RECLAIM\"}, {( unsigned lon" \
	"g)(( gfp_t)((((1UL))) << (12))), \"__GFP_WRITE\"}, {( unsigned l" \
	"ong)(( gfp_t)((((1UL))) << (13))), \"__GFP_NOWARN\"}, {( unsigne" \
	"d long)(( gfp_t)((((1UL))) << (14))), \"__GFP_RETRY_MAYFAIL\"}, " \
	"{( unsigned long)(( gfp_t)((((1UL))) << (15))), \"__GFP_NOFAIL\"" \
	"}, {( unsigned long)(( gfp_t)((((1UL))) << (16))), \"__GFP_NORET" \
	"RY\"}, {( unsigned long)(( gfp_t)((((1UL))) << (17))), \"__GFP_M" \
	"EMALLOC\"}, {( unsigned long)(( gfp_t)((((1UL))) << (18))), \"__" \
	"GFP_COMP\"}, {( unsigned long)(( gfp_t)((((1UL))) << (19))), \"_" \
	"_GFP_NOMEMALLOC\"}, {( unsigned long)(( gfp_t)((((1UL))) << (20)" \
	")), \"__GFP_HARDWALL\"}, {( unsigned long)(( gfp_t)((((1UL))) <<" \
	" (21))), \"__GFP_THISNODE\"}, {( unsigned long)(( gfp_t)((((1UL)" \
	")) << (22))), \"__GFP_ACCOUNT\"}, {( unsigned long)(( gfp_t)((((" \
	"1UL))) << (23))), \"__GFP_ZEROTAGS\"}, {( unsigned long)(( gfp_t" \
	")((((1UL))) << (24))), \"__GFP_NO_OBJ_EXT\"}, { 0, ((void *)0) }" \
	" ) : \"none\"" \
	"\n"

/* kmem:mm_page_free, ID 655 */
#define FIELDS_mm_page_free \
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int order;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_page_free \
	"\"page=%p pfn=0x%lx order=%d\", (((struct page *)vmemmap_base) +" \
	" (REC->pfn)), REC->pfn, REC->order" \
	"\n"

/* mmap:exit_mmap, ID 696 */
#define FIELDS_exit_mmap \
	"\tfield:struct mm_struct * mm;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:struct maple_tree * mt;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_exit_mmap \
	"\"mt_mod %p, DESTROY\", REC->mt" \
	"\n"

/* mmap:vm_unmapped_area, ID 697 */
#define FIELDS_vm_unmapped_area \
	"\tfield:unsigned long addr;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long total_vm;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long flags;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long length;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long low_limit;\toffset:40;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long high_limit;\toffset:48;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long align_mask;\toffset:56;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long align_offset;\toffset:64;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_vm_unmapped_area \
	"\"addr=0x%lx err=%ld total_vm=0x%lx flags=0x%lx len=0x%lx lo=0x%" \
	"lx hi=0x%lx mask=0x%lx ofs=0x%lx\", __builtin_expect(!!((unsigne" \
	"d long)(void *)(REC->addr) >= (unsigned long)-4095), 0) ? 0 : RE" \
	"C->addr, __builtin_expect(!!((unsigned long)(void *)(REC->addr) " \
	">= (unsigned long)-4095), 0) ? REC->addr : 0, REC->total_vm, REC" \
	"->flags, REC->length, REC->low_limit, REC->high_limit, REC->alig" \
	"n_mask, REC->align_offset" \
	"\n"

/* ftrace:print, ID 5 */
#define FIELDS_print \
	"\tfield:unsigned long ip;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:char buf[];\toffset:16;\tsize:0;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_print \
	"\"%ps: %s\", (void *)REC->ip, REC->buf" \
	"\n"

/* filemap:mm_filemap_fault, ID 597 */
#define FIELDS_mm_filemap_fault \
	"\tfield:unsigned long i_ino;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:dev_t s_dev;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long index;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_filemap_fault \
	"\"dev=%d:%d ino=%lx ofs=%lld\", ((unsigned int) ((REC->s_dev) >>" \
	" 20)), ((unsigned int) ((REC->s_dev) & ((1U << 20) - 1))), REC->" \
	"i_ino, ((loff_t)REC->index) << 12" \
	"\n"

/* filemap:mm_filemap_map_pages, ID 598 */
#define FIELDS_mm_filemap_map_pages \
	"\tfield:unsigned long i_ino;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:dev_t s_dev;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long index;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long last_index;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_filemap_map_pages \
	"\"dev=%d:%d ino=%lx ofs=%lld-%lld\", ((unsigned int) ((REC->s_de" \
	"v) >> 20)), ((unsigned int) ((REC->s_dev) & ((1U << 20) - 1))), " \
	"REC->i_ino, ((loff_t)REC->index) << 12, ((((loff_t)REC->last_ind" \
	"ex + 1) << 12) - 1)" \
	"\n"

/* pagemap:mm_lru_insertion, ID 621 */
#define FIELDS_mm_lru_insertion \
	"\tfield:struct folio * folio;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long pfn;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:enum lru_list lru;\toffset:24;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long flags;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_lru_insertion \
	"\"folio=%p pfn=0x%lx lru=%d flags=%s%s%s%s%s%s\", REC->folio, RE" \
	"C->pfn, REC->lru, REC->flags & 0x0001u ? \"M\" : \" \", REC->fla" \
	"gs & 0x0002u ? \"a\" : \"f\", REC->flags & 0x0008u ? \"s\" : \" " \
	"\", REC->flags & 0x0010u ? \"b\" : \" \", REC->flags & 0x0020u ?" \
	" \"d\" : \" \", REC->flags & 0x0040u ? \"B\" : \" \"" \
	"\n"

/* pagemap:mm_lru_activate, ID 620 */
#define FIELDS_mm_lru_activate \
	"\tfield:struct folio * folio;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long pfn;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_lru_activate \
	"\"folio=%p pfn=0x%lx\", REC->folio, REC->pfn" \
	"\n"

/* ftrace:funcgraph_entry, ID 11 */
#define FIELDS_funcgraph_entry \
	"\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int depth;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long args[];\toffset:24;\tsize:0;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_funcgraph_entry \
	"\"--> %ps (%u)\", (void *)REC->func, REC->depth" \
	"\n"

/* ftrace:funcgraph_exit, ID 10 */
#define FIELDS_funcgraph_exit \
	"\tfield:unsigned long func;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int depth;\toffset:16;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned int overrun;\toffset:20;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long long calltime;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long long rettime;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_funcgraph_exit \
	"\"<-- %ps (%u) (start: %llx  end: %llx) over: %u\", (void *)REC-" \
	">func, REC->depth, REC->calltime, REC->rettime, REC->depth" \
	"\n"

/* tlb:tlb_flush, ID 188 */
#define FIELDS_tlb_flush \
	"\tfield:int reason;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long pages;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_tlb_flush \
	"\"pages:%ld reason:%s (%d)\", REC->pages, __print_symbolic(REC->r" \
	"eason, { 0, \"flush on task switch\" }, { 1, \"remote shootdown\" }," \
	" { 2, \"local shootdown\" }, { 3, \"local MM shootdown\" }, { 4, \"re" \
	"mote IPI send\" }, { 5, \"remote wrong CPU\" }), REC->reason" \
	"\n"

/* vmscan:mm_vmscan_kswapd_sleep, ID 640 */
#define FIELDS_mm_vmscan_kswapd_sleep \
	"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_kswapd_sleep \
	"\"nid=%d\", REC->nid" \
	"\n"

/* vmscan:mm_vmscan_kswapd_wake, ID 639 */
#define FIELDS_mm_vmscan_kswapd_wake \
	"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:int zid;\toffset:12;\tsize:4;\tsigned:1;\n" \
	"\tfield:int order;\toffset:16;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_kswapd_wake \
	"\"nid=%d order=%d\", REC->nid, REC->order" \
	"\n"

/* vmscan:mm_vmscan_wakeup_kswapd, ID 638 */
#define FIELDS_mm_vmscan_wakeup_kswapd \
	"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:int zid;\toffset:12;\tsize:4;\tsigned:1;\n" \
	"\tfield:int order;\toffset:16;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long gfp_flags;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_wakeup_kswapd \
	"\"nid=%d order=%d gfp_flags=%s\", REC->nid, REC->order, (REC->gfp_" \
	"flags) ? __print_flags(REC->gfp_flags, \"|\", {( unsigned long)(((" \
	"((((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_" \
	"t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)" \
	"((((1UL))) << (20)))) | (( gfp_t)((((1UL))) << (1)))) | (( gfp_t" \
	")((((1UL))) << (3))) | (( gfp_t)0)) | (( gfp_t)((((1UL))) << (18" \
	"))) | (( gfp_t)((((1UL))) << (19))) | (( gfp_t)((((1UL))) << (13" \
	")))) & ~(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11))))) | (" \
	"( gfp_t)((((1UL))) << (10)))), \"GFP_TRANSHUGE\"}, {( unsigned lon" \
	"g)((((((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( " \
	"gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | (( gf" \
	"p_t)((((1UL))) << (20)))) | (( gfp_t)((((1UL))) << (1)))) | (( g" \
	"fp_t)((((1UL))) << (3))) | (( gfp_t)0)) | (( gfp_t)((((1UL))) <<" \
	" (18))) | (( gfp_t)((((1UL))) << (19))) | (( gfp_t)((((1UL))) <<" \
	" (13)))) & ~(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))))" \
	", \"GFP_TRANSHUGE_LIGHT\"}, {( unsigned long)((((( gfp_t)(((((1UL)" \
	")) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6)))" \
	" | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL))) << (20))))" \
	" | (( gfp_t)((((1UL))) << (1)))) | (( gfp_t)((((1UL))) << (3))) " \
	"| (( gfp_t)0)), \"GFP_HIGHUSER_MOVABLE\"}, {( unsigned long)(((( g" \
	"fp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1" \
	"UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL" \
	"))) << (20)))) | (( gfp_t)((((1UL))) << (1)))), \"GFP_HIGHUSER\"}," \
	" {( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (" \
	"11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (" \
	"7))) | (( gfp_t)((((1UL))) << (20)))), \"GFP_USER\"}, {( unsigned " \
	"long)(((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( " \
	"gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7)))) | (( g" \
	"fp_t)((((1UL))) << (22)))), \"GFP_KERNEL_ACCOUNT\"}, {( unsigned l" \
	"ong)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gf" \
	"p_t)((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7)))), \"GFP_KE" \
	"RNEL\"}, {( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL)" \
	")) << (11)))) | (( gfp_t)((((1UL))) << (6)))), \"GFP_NOFS\"}, {( u" \
	"nsigned long)((( gfp_t)((((1UL))) << (5)))|(( gfp_t)((((1UL))) <" \
	"< (11)))), \"GFP_ATOMIC\"}, {( unsigned long)((( gfp_t)(((((1UL)))" \
	" << (10))|((((1UL))) << (11))))), \"GFP_NOIO\"}, {( unsigned long)" \
	"((( gfp_t)((((1UL))) << (11))) | (( gfp_t)((((1UL))) << (13))))," \
	" \"GFP_NOWAIT\"}, {( unsigned long)(( gfp_t)((((1UL))) << (0))), \"" \
	"GFP_DMA\"}, {( unsigned long)(( gfp_t)((((1UL))) << (2))), \"GFP_D" \
	"MA32\"}, {( unsigned long)(( gfp_t)(((((1UL))) << (10))|((((1UL))" \
	") << (11)))), \"__GFP_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1U" \
	"L))) << (0))), \"__GFP_DMA\"}, {( unsigned long)(( gfp_t)((((1UL))" \
	") << (1))), \"__GFP_HIGHMEM\"}, {( unsigned long)(( gfp_t)((((1UL)" \
	")) << (2))), \"__GFP_DMA32\"}, {( unsigned long)(( gfp_t)((((1UL))" \
	") << (3))), \"__GFP_MOVABLE\"}, {( unsigned long)(( gfp_t)((((1UL)" \
	")) << (4))), \"__GFP_RECLAIMABLE\"}, {( unsigned long)(( gfp_t)(((" \
	"(1UL))) << (5))), \"__GFP_HIGH\"}, {( unsigned long)(( gfp_t)((((1" \
	"UL))) << (6))), \"__GFP_IO\"}, {( unsigned long)(( gfp_t)((((1UL))" \
	") << (7))), \"__GFP_FS\"}, {( unsigned long)(( gfp_t)((((1UL))) <<" \
	" (8))), \"__GFP_ZERO\"}, {( unsigned long)(( gfp_t)((((1UL))) << (" \
	"10))), \"__GFP_DIRECT_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1U" \
	"L))) << (11))), \"__GFP_KSWAPD_RECLAIM\"}, {( unsigned long)(( gfp" \
	"_t)((((1UL))) << (12))), \"__GFP_WRITE\"}, {( unsigned long)(( gfp" \
	"_t)((((1UL))) << (13))), \"__GFP_NOWARN\"}, {( unsigned long)(( gf" \
	"p_t)((((1UL))) << (14))), \"__GFP_RETRY_MAYFAIL\"}, {( unsigned lo" \
	"ng)(( gfp_t)((((1UL))) << (15))), \"__GFP_NOFAIL\"}, {( unsigned l" \
	"ong)(( gfp_t)((((1UL))) << (16))), \"__GFP_NORETRY\"}, {( unsigned" \
	" long)(( gfp_t)((((1UL))) << (17))), \"__GFP_MEMALLOC\"}, {( unsig" \
	"ned long)(( gfp_t)((((1UL))) << (18))), \"__GFP_COMP\"}, {( unsign" \
	"ed long)(( gfp_t)((((1UL))) << (19))), \"__GFP_NOMEMALLOC\"}, {( u" \
	"nsigned long)(( gfp_t)((((1UL))) << (20))), \"__GFP_HARDWALL\"}, {" \
	"( unsigned long)(( gfp_t)((((1UL))) << (21))), \"__GFP_THISNODE\"}" \
	", {( unsigned long)(( gfp_t)((((1UL))) << (22))), \"__GFP_ACCOUNT" \
	"\"}, {( unsigned long)(( gfp_t)((((1UL))) << (23))), \"__GFP_ZEROT" \
	"AGS\"}, {( unsigned long)(( gfp_t)((((1UL))) << (24))), \"__GFP_NO" \
	"_OBJ_EXT\"}, { 0, ((void *)0) } ) : \"none\"" \
	"\n"

/* vmscan:mm_vmscan_direct_reclaim_begin, ID 637 */
#define FIELDS_mm_vmscan_direct_reclaim_begin \
	"\tfield:int order;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long gfp_flags;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_direct_reclaim_begin \
	"\"order=%d gfp_flags=%s\", REC->order, (REC->gfp_flags) ? __print_" \
	"flags(REC->gfp_flags, \"|\", {( unsigned long)(((((((( gfp_t)(((((" \
	"1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (" \
	"6))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL))) << (20" \
	")))) | (( gfp_t)((((1UL))) << (1)))) | (( gfp_t)((((1UL))) << (3" \
	"))) | (( gfp_t)0)) | (( gfp_t)((((1UL))) << (18))) | (( gfp_t)((" \
	"((1UL))) << (19))) | (( gfp_t)((((1UL))) << (13)))) & ~(( gfp_t)" \
	"(((((1UL))) << (10))|((((1UL))) << (11))))) | (( gfp_t)((((1UL))" \
	") << (10)))), \"GFP_TRANSHUGE\"}, {( unsigned long)((((((( gfp_t)(" \
	"((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) " \
	"<< (6))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL))) <<" \
	" (20)))) | (( gfp_t)((((1UL))) << (1)))) | (( gfp_t)((((1UL))) <" \
	"< (3))) | (( gfp_t)0)) | (( gfp_t)((((1UL))) << (18))) | (( gfp_" \
	"t)((((1UL))) << (19))) | (( gfp_t)((((1UL))) << (13)))) & ~(( gf" \
	"p_t)(((((1UL))) << (10))|((((1UL))) << (11))))), \"GFP_TRANSHUGE_" \
	"LIGHT\"}, {( unsigned long)((((( gfp_t)(((((1UL))) << (10))|((((1" \
	"UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | (( gfp_t)((((1" \
	"UL))) << (7))) | (( gfp_t)((((1UL))) << (20)))) | (( gfp_t)((((1" \
	"UL))) << (1)))) | (( gfp_t)((((1UL))) << (3))) | (( gfp_t)0)), \"" \
	"GFP_HIGHUSER_MOVABLE\"}, {( unsigned long)(((( gfp_t)(((((1UL))) " \
	"<< (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) << (6))) | " \
	"(( gfp_t)((((1UL))) << (7))) | (( gfp_t)((((1UL))) << (20)))) | " \
	"(( gfp_t)((((1UL))) << (1)))), \"GFP_HIGHUSER\"}, {( unsigned long" \
	")((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t" \
	")((((1UL))) << (6))) | (( gfp_t)((((1UL))) << (7))) | (( gfp_t)(" \
	"(((1UL))) << (20)))), \"GFP_USER\"}, {( unsigned long)(((( gfp_t)(" \
	"((((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) " \
	"<< (6))) | (( gfp_t)((((1UL))) << (7)))) | (( gfp_t)((((1UL))) <" \
	"< (22)))), \"GFP_KERNEL_ACCOUNT\"}, {( unsigned long)((( gfp_t)(((" \
	"((1UL))) << (10))|((((1UL))) << (11)))) | (( gfp_t)((((1UL))) <<" \
	" (6))) | (( gfp_t)((((1UL))) << (7)))), \"GFP_KERNEL\"}, {( unsign" \
	"ed long)((( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))) | (" \
	"( gfp_t)((((1UL))) << (6)))), \"GFP_NOFS\"}, {( unsigned long)((( " \
	"gfp_t)((((1UL))) << (5)))|(( gfp_t)((((1UL))) << (11)))), \"GFP_A" \
	"TOMIC\"}, {( unsigned long)((( gfp_t)(((((1UL))) << (10))|((((1UL" \
	"))) << (11))))), \"GFP_NOIO\"}, {( unsigned long)((( gfp_t)((((1UL" \
	"))) << (11))) | (( gfp_t)((((1UL))) << (13)))), \"GFP_NOWAIT\"}, {" \
	"( unsigned long)(( gfp_t)((((1UL))) << (0))), \"GFP_DMA\"}, {( uns" \
	"igned long)(( gfp_t)((((1UL))) << (2))), \"GFP_DMA32\"}, {( unsign" \
	"ed long)(( gfp_t)(((((1UL))) << (10))|((((1UL))) << (11)))), \"__" \
	"GFP_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1UL))) << (0))), \"_" \
	"_GFP_DMA\"}, {( unsigned long)(( gfp_t)((((1UL))) << (1))), \"__GF" \
	"P_HIGHMEM\"}, {( unsigned long)(( gfp_t)((((1UL))) << (2))), \"__G" \
	"FP_DMA32\"}, {( unsigned long)(( gfp_t)((((1UL))) << (3))), \"__GF" \
	"P_MOVABLE\"}, {( unsigned long)(( gfp_t)((((1UL))) << (4))), \"__G" \
	"FP_RECLAIMABLE\"}, {( unsigned long)(( gfp_t)((((1UL))) << (5)))," \
	" \"__GFP_HIGH\"}, {( unsigned long)(( gfp_t)((((1UL))) << (6))), \"" \
	"__GFP_IO\"}, {( unsigned long)(( gfp_t)((((1UL))) << (7))), \"__GF" \
	"P_FS\"}, {( unsigned long)(( gfp_t)((((1UL))) << (8))), \"__GFP_ZE" \
	"RO\"}, {( unsigned long)(( gfp_t)((((1UL))) << (10))), \"__GFP_DIR" \
	"ECT_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1UL))) << (11))), \"" \
	"__GFP_KSWAPD_RECLAIM\"}, {( unsigned long)(( gfp_t)((((1UL))) << " \
	"(12))), \"__GFP_WRITE\"}, {( unsigned long)(( gfp_t)((((1UL))) << " \
	"(13))), \"__GFP_NOWARN\"}, {( unsigned long)(( gfp_t)((((1UL))) <<" \
	" (14))), \"__GFP_RETRY_MAYFAIL\"}, {( unsigned long)(( gfp_t)((((1" \
	"UL))) << (15))), \"__GFP_NOFAIL\"}, {( unsigned long)(( gfp_t)((((" \
	"1UL))) << (16))), \"__GFP_NORETRY\"}, {( unsigned long)(( gfp_t)((" \
	"((1UL))) << (17))), \"__GFP_MEMALLOC\"}, {( unsigned long)(( gfp_t" \
	")((((1UL))) << (18))), \"__GFP_COMP\"}, {( unsigned long)(( gfp_t)" \
	"((((1UL))) << (19))), \"__GFP_NOMEMALLOC\"}, {( unsigned long)(( g" \
	"fp_t)((((1UL))) << (20))), \"__GFP_HARDWALL\"}, {( unsigned long)(" \
	"( gfp_t)((((1UL))) << (21))), \"__GFP_THISNODE\"}, {( unsigned lon" \
	"g)(( gfp_t)((((1UL))) << (22))), \"__GFP_ACCOUNT\"}, {( unsigned l" \
	"ong)(( gfp_t)((((1UL))) << (23))), \"__GFP_ZEROTAGS\"}, {( unsigne" \
	"d long)(( gfp_t)((((1UL))) << (24))), \"__GFP_NO_OBJ_EXT\"}, { 0, " \
	"((void *)0) } ) : \"none\"" \
	"\n"

/* vmscan:mm_vmscan_direct_reclaim_end, ID 634 */
#define FIELDS_mm_vmscan_direct_reclaim_end \
	"\tfield:unsigned long nr_reclaimed;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_direct_reclaim_end \
	"\"nr_reclaimed=%lu\", REC->nr_reclaimed" \
	"\n"

/* vmscan:mm_vmscan_lru_isolate, ID 629 */
#define FIELDS_mm_vmscan_lru_isolate \
	"\tfield:int highest_zoneidx;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:int order;\toffset:12;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long nr_requested;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_scanned;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_skipped;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_taken;\toffset:40;\tsize:8;\tsigned:0;\n" \
	"\tfield:int lru;\toffset:48;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_lru_isolate \
	"\"classzone=%d order=%d nr_requested=%lu nr_scanned=%lu nr_skippe" \
	"d=%lu nr_taken=%lu lru=%s\", REC->highest_zoneidx, REC->order, RE" \
	"C->nr_requested, REC->nr_scanned, REC->nr_skipped, REC->nr_taken" \
	", __print_symbolic(REC->lru, {0, \"inactive_anon\"}, {1, \"active_a" \
	"non\"}, {2, \"inactive_file\"}, {3, \"active_file\"}, {4, \"unevictabl" \
	"e\"})" \
	"\n"

/* vmscan:mm_vmscan_write_folio, ID 628 */
#define FIELDS_mm_vmscan_write_folio \
	"\tfield:unsigned long pfn;\toffset:8;\tsize:8;\tsigned:0;\n" \
	"\tfield:int reclaim_flags;\toffset:16;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_write_folio \
	"\"page=%p pfn=0x%lx flags=%s\", (((struct page *)vmemmap_base) + (" \
	"REC->pfn)), REC->pfn, (REC->reclaim_flags) ? __print_flags(REC->" \
	"reclaim_flags, \"|\", {0x0001u, \"RECLAIM_WB_ANON\"}, {0x0002u, \"REC" \
	"LAIM_WB_FILE\"}, {0x0010u, \"RECLAIM_WB_MIXED\"}, {0x0004u, \"RECLAI" \
	"M_WB_SYNC\"}, {0x0008u, \"RECLAIM_WB_ASYNC\"} ) : \"RECLAIM_WB_NONE\"" \
	"\n"

/* vmscan:mm_vmscan_lru_shrink_inactive, ID 626 */
#define FIELDS_mm_vmscan_lru_shrink_inactive \
	"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long nr_scanned;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_reclaimed;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_dirty;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_writeback;\toffset:40;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_congested;\toffset:48;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_immediate;\toffset:56;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned int nr_activate0;\toffset:64;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned int nr_activate1;\toffset:68;\tsize:4;\tsigned:0;\n" \
	"\tfield:unsigned long nr_ref_keep;\toffset:72;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_unmap_fail;\toffset:80;\tsize:8;\tsigned:0;\n" \
	"\tfield:int priority;\toffset:88;\tsize:4;\tsigned:1;\n" \
	"\tfield:int reclaim_flags;\toffset:92;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_lru_shrink_inactive \
	"\"nid=%d nr_scanned=%ld nr_reclaimed=%ld nr_dirty=%ld nr_writebac" \
	"k=%ld nr_congested=%ld nr_immediate=%ld nr_activate_anon=%d nr_a" \
	"ctivate_file=%d nr_ref_keep=%ld nr_unmap_fail=%ld priority=%d fl" \
	"ags=%s\", REC->nid, REC->nr_scanned, REC->nr_reclaimed, REC->nr_d" \
	"irty, REC->nr_writeback, REC->nr_congested, REC->nr_immediate, R" \
	"EC->nr_activate0, REC->nr_activate1, REC->nr_ref_keep, REC->nr_u" \
	"nmap_fail, REC->priority, (REC->reclaim_flags) ? __print_flags(R" \
	"EC->reclaim_flags, \"|\", {0x0001u, \"RECLAIM_WB_ANON\"}, {0x0002u, " \
	"\"RECLAIM_WB_FILE\"}, {0x0010u, \"RECLAIM_WB_MIXED\"}, {0x0004u, \"RE" \
	"CLAIM_WB_SYNC\"}, {0x0008u, \"RECLAIM_WB_ASYNC\"} ) : \"RECLAIM_WB_N" \
	"ONE\"" \
	"\n"

/* vmscan:mm_vmscan_lru_shrink_active, ID 625 */
#define FIELDS_mm_vmscan_lru_shrink_active \
	"\tfield:int nid;\toffset:8;\tsize:4;\tsigned:1;\n" \
	"\tfield:unsigned long nr_taken;\toffset:16;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_active;\toffset:24;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_deactivated;\toffset:32;\tsize:8;\tsigned:0;\n" \
	"\tfield:unsigned long nr_referenced;\toffset:40;\tsize:8;\tsigned:0;\n" \
	"\tfield:int priority;\toffset:48;\tsize:4;\tsigned:1;\n" \
	"\tfield:int reclaim_flags;\toffset:52;\tsize:4;\tsigned:1;\n" \
	"\n" \
	""
#define PRINT_FMT_mm_vmscan_lru_shrink_active \
	"\"nid=%d nr_taken=%ld nr_active=%ld nr_deactivated=%ld nr_referen" \
	"ced=%ld priority=%d flags=%s\", REC->nid, REC->nr_taken, REC->nr_" \
	"active, REC->nr_deactivated, REC->nr_referenced, REC->priority, " \
	"(REC->reclaim_flags) ? __print_flags(REC->reclaim_flags, \"|\", {0" \
	"x0001u, \"RECLAIM_WB_ANON\"}, {0x0002u, \"RECLAIM_WB_FILE\"}, {0x001" \
	"0u, \"RECLAIM_WB_MIXED\"}, {0x0004u, \"RECLAIM_WB_SYNC\"}, {0x0008u," \
	" \"RECLAIM_WB_ASYNC\"} ) : \"RECLAIM_WB_NONE\"" \
	"\n"

#endif
