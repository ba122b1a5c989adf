"""Messages of `kerastutor grade` / `release`: for the teacher (terminal, grade sheet) and for each
student (their feedback file, in their language)."""

MESSAGES = {
    # --- the teacher's terminal -----------------------------------------------------------
    "grade.sandbox_on": {
        "zh": "沙箱：bubblewrap。每份作业在独立的内核进程里运行：没有网络，除自己的临时文件夹外整个文件系统只读，看不到答案、隐藏测试和成绩表。",
        "en": "Sandbox: bubblewrap. Each submission runs in its own kernel process with no network, a read-only file system except its scratch folder, and no sight of the solutions, hidden tests or grade sheet.",
    },
    "grade.sandbox_off": {
        "zh": "警告：未使用沙箱（{reason}）。学生的代码将以你的身份运行，可以读写你的文件、访问网络。请安装 bubblewrap（apt-get install bubblewrap）以隔离运行。",
        "en": "WARNING: running UNSANDBOXED ({reason}). Student code runs as you: it can read and change your files and use the network. Install bubblewrap (apt-get install bubblewrap) to isolate it.",
    },
    "grade.plan": {
        "zh": "练习 {number}：{count} 份作业，{jobs} 个并行任务；每个单元格限时 {cell} 秒，每份作业限时 {total} 秒，内存上限 {memory} MB。",
        "en": "Exercise {number}: {count} submission(s), {jobs} job(s); {cell} s per cell, {total} s per submission, {memory} MB of memory.",
    },
    "grade.resume": {
        "zh": "继续上次的批改：{sheet} 中已有 {done} 份作业的成绩，这次批改其余 {todo} 份。",
        "en": "Resuming {sheet}: {done} submission(s) already graded, {todo} to go.",
    },
    "grade.summary": {
        "zh": "完成：{count} 份作业，用时 {seconds} 秒。成绩表：{sheet}；反馈：{feedback}",
        "en": "Done: {count} submission(s) in {seconds} s. Grade sheet: {sheet}; feedback: {feedback}",
    },
    "grade.statuses": {"zh": "状态统计：{counts}", "en": "Statuses: {counts}"},
    "grade.interrupted": {
        "zh": "已中断：{sheet} 中保存了 {done} 行成绩。再次运行同一条命令即可从中断处继续。",
        "en": "Interrupted: {done} row(s) are saved in {sheet}. Run the same command again to resume.",
    },
    "grade.sheet_mismatch": {
        "zh": "{sheet} 的表头是 {found}，与这个练习不符（应为 {expected}）。请换一个 --out，或加 --restart 重新批改。",
        "en": "{sheet} has the header {found}, which does not fit this exercise ({expected}). Use another --out, or --restart to grade afresh.",
    },
    "grade.no_submissions": {
        "zh": "{folder} 中没有找到要批改的文件。",
        "en": "No files to grade in {folder}.",
    },
    "grade.unknown_assignment": {
        "zh": "找不到练习 {number} 的教师版（solutions/zh|en/{number}_*.ipynb）：{detail}",
        "en": "No teacher copy for exercise {number} (solutions/zh|en/{number}_*.ipynb): {detail}",
    },
    "grade.stale_release": {
        "zh": "注意：exercises/ 与 solutions/ 不一致，请先运行 kerastutor release。",
        "en": "Note: exercises/ is out of date with solutions/; run kerastutor release.",
    },
    # --- grading on a Dask cluster (kerastutor grade --scheduler / --cluster) ---------------
    "grade.cluster": {
        "zh": "Dask 集群：{workers} 个工作进程，共 {jobs} 个并行任务；每个工作进程有自己的沙箱和预热内核。",
        "en": "Dask cluster: {workers} worker(s), {jobs} job(s) in all; each worker has its own sandboxes and warm kernels.",
    },
    "grade.dashboard": {"zh": "Dask 仪表板：{url}", "en": "Dask dashboard: {url}"},
    "grade.engine_failed": {
        "zh": "无法开始批改：{detail}。{sheet} 中保存了 {done} 行成绩。",
        "en": "Could not start grading: {detail}. {done} row(s) are saved in {sheet}.",
    },
    "grade.no_dashboard": {
        "zh": "Dask 仪表板：未启用（在调度器所在的机器上 pip install bokeh 即可启用）。",
        "en": "Dask dashboard: none (pip install bokeh where the scheduler runs to have one).",
    },
    # --- what happened to a submission (grade sheet "message", feedback notes) ---------------
    "where.answer": {"zh": "{qid} 的答案单元格", "en": "{qid}'s answer cell"},
    "where.after": {"zh": "{qid} 答案之后的一个代码单元格", "en": "a code cell after {qid}'s answer"},
    "where.before": {"zh": "第一题之前的一个代码单元格", "en": "a code cell before the first question"},
    "incident.cell_error": {"zh": "{where}出错：{detail}", "en": "{where} raised {detail}"},
    "incident.cell_timeout": {
        "zh": "{where}运行超过 {timeout} 秒，已被中止",
        "en": "{where} ran longer than {timeout} s and was stopped",
    },
    "incident.cell_hung": {
        "zh": "{where}运行超过 {timeout} 秒且无法中止；跳过这个单元格，重新运行了笔记本",
        "en": "{where} ran longer than {timeout} s and would not stop; the notebook was run again without it",
    },
    "incident.kernel_died": {
        "zh": "{where}使内核退出（{detail}）；跳过这个单元格，重新运行了笔记本",
        "en": "{where} ended the kernel ({detail}); the notebook was run again without it",
    },
    "incident.kernel_died_tests": {
        "zh": "测试运行时内核退出（{detail}）",
        "en": "the kernel ended during the tests ({detail})",
    },
    "incident.process_limit_tests": {
        "zh": "测试调用你的代码时，它启动的进程和线程超过了上限（{detail} 个），这些进程已全部结束；这道题得 0 分，其余的题在重新运行的笔记本上继续批改",
        "en": "when the tests called your code, it started more processes and threads than allowed ({detail}); they were all ended, that question scores 0, and the other questions were graded on the notebook run again",
    },
    "incident.memory_limit_tests": {
        "zh": "测试调用你的代码时，作业的全部进程合计用到了内存上限（{memory} MB），这些进程已全部结束；这道题得 0 分，其余的题在重新运行的笔记本上继续批改",
        "en": "when the tests called your code, the submission's processes used up their memory together (limit {memory} MB); they were all ended, that question scores 0, and the other questions were graded on the notebook run again",
    },
    "incident.memory": {
        "zh": "{where}内存不足（上限 {memory} MB）",
        "en": "{where} ran out of memory (limit {memory} MB)",
    },
    # --- whole-submission limits (kerastutor.grading.cgroups): the header, and a submission that hit one
    "limits.cgroup": {
        "zh": "限制：每份作业（它启动的全部进程合计）最多 {procs} 个进程和线程，内存共 {memory} MB（不用交换空间），CPU 与其他作业平分；由 cgroup（{backend}）执行，另外每个进程的地址空间不超过 {address} MB。",
        "en": "Limits: each submission, all the processes it starts together, gets at most {procs} processes and threads, {memory} MB of memory in all (no swap) and an equal share of the CPU, enforced by cgroups ({backend}); each process also gets at most {address} MB of address space.",
    },
    "limits.watched": {
        "zh": "限制：这里用不了 cgroup，改由批改程序自己盯着每份作业：每 {interval} 毫秒查看一次它的全部进程，内存合计超过 {memory} MB、或进程和线程达到 {procs} 个，就结束整份作业。两次查看之间的突发增长可能短暂超出上限。",
        "en": "Limits: no cgroup could be used here, so the grader watches each submission itself: every {interval} ms it looks at all the submission's processes and stops the whole submission when together they hold more than {memory} MB of memory or reach {procs} processes and threads. A burst between two looks can overshoot for that moment.",
    },
    "limits.watched_shared": {
        "zh": "fork 出的进程与父进程仍共用的内存页，凡是批改程序读不到其分摊情况的（fork 服务器本身就是这样），按每个进程各算一次，所以可能比 cgroup 更早叫停。",
        "en": "Memory a forked process still shares with its parent is split between them where the grader may read how it is shared, and counted once per process where it may not (the fork server itself), so a submission may be stopped a little earlier than a cgroup would stop it.",
    },
    "limits.watched_nproc": {
        "zh": "兜底的 RLIMIT_NPROC 按用户计算：批改程序所属用户的所有进程（包括批改程序自己和其他作业）都算在内。每个进程的地址空间另外不超过 {address} MB。",
        "en": "As a backstop RLIMIT_NPROC applies, which counts every process of the grader's user together (the grader itself and the other submissions too). Each process also gets at most {address} MB of address space.",
    },
    "limits.watched_root": {
        "zh": "批改程序以 root 运行，不受 RLIMIT_NPROC 约束，所以两次查看之间没有别的东西限制进程数。每个进程的地址空间另外不超过 {address} MB。",
        "en": "The grader runs as root, which RLIMIT_NPROC does not bind, so between two looks nothing else caps the number of processes. Each process also gets at most {address} MB of address space.",
    },
    "incident.process_limit": {
        "zh": "{where}启动的进程和线程超过了上限（{detail} 个），这些进程已全部结束；跳过这个单元格，重新运行了笔记本",
        "en": "{where} started more processes and threads than allowed ({detail}); they were all ended, and the notebook was run again without that cell",
    },
    "incident.memory_limit": {
        "zh": "{where}使作业的全部进程合计用到了内存上限（{memory} MB），这些进程已全部结束；跳过这个单元格，重新运行了笔记本",
        "en": "{where} made the submission's processes use up their memory together (limit {memory} MB); they were all ended, and the notebook was run again without that cell",
    },
    "incident.sys_exit": {
        "zh": "{where}调用了 sys.exit()，已忽略",
        "en": "{where} called sys.exit(), which was ignored",
    },
    "incident.timeout": {
        "zh": "整个笔记本运行超过 {timeout} 秒；此时还没测试的题目记 0 分",
        "en": "the notebook as a whole took longer than {timeout} s; questions not tested by then score 0",
    },
    "incident.tampered": {
        "zh": "笔记本试图干扰批改（{detail}）。这不起作用：老师的测试在另一个没有运行过你的代码的内核里比较结果，伪造的答案不得分",
        "en": "the notebook tried to interfere with grading ({detail}). It does not work: the teacher's tests compare results in another kernel, which never ran your code, and a forged answer scores nothing",
    },
    "tamper.canary": {"zh": "一个必然失败的单元格被报告为通过", "en": "a cell that must fail was reported as passed"},
    "tamper.reply": {"zh": "内核的回复被改写", "en": "the kernel's replies were rewritten"},
    "tamper.fingerprint": {"zh": "批改用的函数无法核对", "en": "the grader's functions could not be checked"},
    "incident.more": {"zh": "另有 {count} 处", "en": "{count} more"},
    "status.invalid_json": {
        "zh": "文件不是有效的 JSON，无法作为笔记本打开（{detail}）",
        "en": "the file is not valid JSON, so it cannot be opened as a notebook ({detail})",
    },
    "status.not_notebook": {
        "zh": "文件不是 Jupyter 笔记本（{detail}）",
        "en": "the file is not a Jupyter notebook ({detail})",
    },
    "status.too_large": {"zh": "文件太大（{detail}）", "en": "the file is too large ({detail})"},
    "status.unreadable": {"zh": "无法读取文件（{detail}）", "en": "the file cannot be read ({detail})"},
    "status.error": {
        "zh": "批改程序自身出错（{detail}）；再次运行会重试这份作业",
        "en": "the grader itself failed ({detail}); running it again retries this submission",
    },
    # --- one question, in the feedback -----------------------------------------------------
    "q.passed": {"zh": "通过", "en": "passed"},
    "q.public_failed": {"zh": "公开测试未通过：{detail}", "en": "public test failed: {detail}"},
    "q.hidden_failed": {"zh": "隐藏测试未通过：{detail}", "en": "hidden test failed: {detail}"},
    "q.hidden_failed_plain": {"zh": "隐藏测试未通过", "en": "a hidden test failed"},
    "q.error": {"zh": "测试因 {detail} 中止", "en": "the tests stopped with {detail}"},
    "q.forged": {
        "zh": "你的代码返回了一个改写了比较方式的对象（例如 == 总是为真的整数子类），不得分",
        "en": "your code returned an object that redefines how it compares (an int subclass whose == is always true, say); it scores nothing",
    },
    "q.timeout": {"zh": "测试运行超过 {detail} 秒，已被中止", "en": "the test ran longer than {detail} s and was stopped"},
    "q.died": {"zh": "测试运行时内核退出", "en": "the kernel ended during this test"},
    "q.not_run": {"zh": "未测试", "en": "not tested"},
    # --- the feedback file -----------------------------------------------------------------
    "fb.title": {"zh": "练习 {number} 批改反馈", "en": "Exercise {number} · feedback"},
    "fb.file": {"zh": "提交的文件：{name}", "en": "Submitted file: {name}"},
    "fb.score": {"zh": "得分：{total} / {max}", "en": "Score: {total} / {max}"},
    "fb.question": {"zh": "题目", "en": "Question"},
    "fb.points": {"zh": "得分", "en": "Points"},
    "fb.result": {"zh": "结果", "en": "Result"},
    "fb.notes": {"zh": "运行你的笔记本时发生的情况", "en": "What happened while running your notebook"},
    "fb.no_notes": {"zh": "笔记本顺利运行完毕。", "en": "Your notebook ran through without trouble."},
    "fb.how": {
        "zh": "批改方式：你的代码单元格按顺序在一个全新的内核中运行；老师的测试（公开测试和隐藏测试）在另一个内核里运行，向你的内核要结果，在自己那边比较。每题的测试全部通过才得分。笔记本里打印的内容和警告不影响成绩。",
        "en": "How this was graded: your code cells ran in order in a fresh kernel; the teacher's tests (public and hidden) ran in another kernel, which asked yours for results and compared them on its side. A question scores when all its tests pass. What your notebook prints, and any warnings, do not affect the grade.",
    },
}
