//===--- RetryLoop.cpp - does an infinite loop retry an IPC call? ---------===//
#include "utils/RetryLoop.h"
#include "utils/RetryLoopValues.h"

#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringMap.h"
#include <deque>

namespace clang::tidy::pipelint::utils {
namespace {

/// Beyond these, the analysis gives up (and the check stays silent).
constexpr unsigned MaxSites = 16;
constexpr unsigned MaxNodes = 6000;

/// The blocks of one loop in the function's CFG.
struct LoopRegion {
  const CFGBlock *Head = nullptr; ///< where every iteration starts
  llvm::BitVector InLoop;
};

const CFGBlock *findHead(const CFG &G, const Stmt *Loop) {
  for (const CFGBlock *B : G) {
    if (B->getTerminatorStmt() != Loop)
      continue;
    if (!isa<DoStmt>(Loop))
      return B; // for/while: the condition block
    // do-while: the body's first block, where the back edge lands.
    const CFGBlock *H = nullptr;
    for (const CFGBlock::AdjacentBlock &A : B->succs())
      if (const CFGBlock *S = A.getReachableBlock()) {
        H = S;
        break;
      }
    while (H && H->empty() && !H->getTerminatorStmt() && H->succ_size() == 1 &&
           H->succ_begin()->getReachableBlock())
      H = H->succ_begin()->getReachableBlock();
    return H;
  }
  return nullptr;
}

/// Blocks reachable from \p Starts without entering \p Avoid, forwards or
/// backwards.
llvm::BitVector closure(const CFG &G, llvm::ArrayRef<const CFGBlock *> Starts,
                        const CFGBlock *Avoid, bool Forward) {
  llvm::BitVector Seen(G.getNumBlockIDs());
  llvm::SmallVector<const CFGBlock *, 16> Work;
  for (const CFGBlock *S : Starts)
    if (S && S != Avoid && !Seen.test(S->getBlockID())) {
      Seen.set(S->getBlockID());
      Work.push_back(S);
    }
  while (!Work.empty()) {
    const CFGBlock *B = Work.pop_back_val();
    auto Visit = [&](const CFGBlock *N) {
      if (N && N != Avoid && !Seen.test(N->getBlockID())) {
        Seen.set(N->getBlockID());
        Work.push_back(N);
      }
    };
    if (Forward)
      for (const CFGBlock::AdjacentBlock &A : B->succs())
        Visit(A.getReachableBlock());
    else
      for (const CFGBlock::AdjacentBlock &A : B->preds())
        Visit(A.getReachableBlock());
  }
  return Seen;
}

std::optional<LoopRegion> findRegion(const CFG &G, const Stmt *Loop) {
  LoopRegion R;
  R.Head = findHead(G, Loop);
  if (!R.Head)
    return std::nullopt;
  llvm::BitVector BeforeLoop = closure(G, {&G.getEntry()}, R.Head, true);
  llvm::SmallVector<const CFGBlock *, 4> Succs, BackPreds;
  for (const CFGBlock::AdjacentBlock &A : R.Head->succs())
    Succs.push_back(A.getReachableBlock());
  llvm::BitVector FromHead = closure(G, Succs, R.Head, true);
  bool Entered = false;
  for (const CFGBlock::AdjacentBlock &A : R.Head->preds()) {
    const CFGBlock *P = A.getReachableBlock();
    if (!P)
      continue;
    if (BeforeLoop.test(P->getBlockID()))
      Entered = true;
    else if (FromHead.test(P->getBlockID()))
      BackPreds.push_back(P);
  }
  if (!Entered || BackPreds.empty())
    return std::nullopt; // unreachable, or no way back to the head
  R.InLoop = closure(G, BackPreds, R.Head, false);
  R.InLoop &= FromHead;
  R.InLoop.set(R.Head->getBlockID());
  return R;
}

/// The condition a block's terminator branches on: for `a && b` the last
/// operand the block evaluates.
const Expr *branchCondition(const CFGBlock *B) {
  const auto *C = dyn_cast_or_null<Expr>(B->getTerminatorCondition(false));
  while (C) {
    const auto *BO = dyn_cast<BinaryOperator>(C->IgnoreParens());
    if (!BO || !BO->isLogicalOp())
      break;
    C = BO->getRHS();
  }
  return C;
}

/// The game graph of one iteration: nodes are (block, state) pairs; Exit
/// and Back nodes end the iteration outside the loop or at its head.
class IterationGraph {
public:
  enum Kind { Inner, Exit, Back };
  struct Node {
    Kind K = Inner;
    const CFGBlock *Block = nullptr;
    IterationState State;
    bool ProgramChooses = true;
    llvm::SmallVector<unsigned, 2> Succ;
  };

  IterationGraph(const LoopRegion &Region, const ValueEvaluator &Eval,
                 llvm::SmallVector<Outcome, 8> Forced)
      : Region(Region), Eval(Eval), Forced(std::move(Forced)) {}

  /// Explores every path of one iteration. False when too large.
  bool build() {
    IterationState Init;
    Init.Outcomes.assign(Forced.size(), Outcome::NotCalled);
    intern(Inner, Region.Head, Init);
    while (!Work.empty()) {
      if (Nodes.size() > MaxNodes)
        return false;
      unsigned I = Work.front();
      Work.pop_front();
      expand(I);
    }
    return true;
  }

  bool anyEnd(Kind K, unsigned Site, Outcome O) const {
    for (const Node &N : Nodes)
      if (N.K == K && N.State.Outcomes[Site] == O)
        return true;
    return false;
  }

  /// Whether the program can force an exit from the head whatever the peer
  /// does (an attractor computation).
  bool programCanLeave() const {
    std::vector<llvm::SmallVector<unsigned, 2>> Preds(Nodes.size());
    std::vector<unsigned> Pending(Nodes.size());
    std::vector<char> Win(Nodes.size(), 0);
    std::deque<unsigned> Queue;
    for (unsigned I = 0; I < Nodes.size(); ++I) {
      for (unsigned S : Nodes[I].Succ)
        Preds[S].push_back(I);
      Pending[I] = Nodes[I].Succ.size();
      bool DeadEnd = Nodes[I].K == Inner && Nodes[I].Succ.empty();
      if (Nodes[I].K == Exit || DeadEnd) {
        Win[I] = 1;
        Queue.push_back(I);
      }
    }
    while (!Queue.empty()) {
      unsigned I = Queue.front();
      Queue.pop_front();
      for (unsigned P : Preds[I]) {
        if (Win[P])
          continue;
        if (Nodes[P].ProgramChooses || --Pending[P] == 0) {
          Win[P] = 1;
          Queue.push_back(P);
        }
      }
    }
    return Win[0];
  }

private:
  unsigned intern(Kind K, const CFGBlock *B, const IterationState &S) {
    std::string Key = std::to_string(K) + "/" +
                      std::to_string(B ? B->getBlockID() : ~0u) + "/" + S.key();
    auto [It, New] = Index.try_emplace(Key, Nodes.size());
    if (New) {
      Node N;
      N.K = K;
      N.Block = B;
      N.State = S;
      Nodes.push_back(std::move(N));
      if (K == Inner)
        Work.push_back(It->second);
    }
    return It->second;
  }

  unsigned target(const CFGBlock *B, const IterationState &S) {
    if (B == Region.Head)
      return intern(Back, nullptr, S);
    if (!Region.InLoop.test(B->getBlockID()))
      return intern(Exit, nullptr, S);
    return intern(Inner, B, S);
  }

  void addSucc(unsigned From, unsigned To) {
    auto &Succ = Nodes[From].Succ;
    if (llvm::find(Succ, To) == Succ.end())
      Succ.push_back(To);
  }

  void expand(unsigned I) {
    const CFGBlock *B = Nodes[I].Block;
    IterationState S = Nodes[I].State;
    for (const CFGElement &E : *B)
      if (std::optional<CFGStmt> CS = E.getAs<CFGStmt>())
        if (!Eval.apply(CS->getStmt(), S, Forced)) {
          unsigned X = intern(Exit, nullptr, S);
          addSucc(I, X);
          return;
        }
    llvm::SmallVector<const CFGBlock *, 2> Succs;
    for (const CFGBlock::AdjacentBlock &A : B->succs())
      Succs.push_back(A.getReachableBlock());
    const Stmt *Term = B->getTerminatorStmt();
    const Expr *Cond = branchCondition(B);
    AbstractValue V = AbstractValue::program();
    if (Cond && !isa_and_nonnull<SwitchStmt>(Term))
      V = Eval.truth(Eval.eval(Cond, S));
    else if (const auto *Sw = dyn_cast_or_null<SwitchStmt>(Term))
      V = Eval.eval(Sw->getCond(), S).K == AbstractValue::Program
              ? AbstractValue::program()
              : AbstractValue::peer();
    Nodes[I].ProgramChooses = V.K == AbstractValue::Program;

    if (V.K == AbstractValue::Test && Succs.size() == 2) {
      Outcome Known = S.Outcomes[V.Site];
      for (unsigned Branch = 0; Branch < 2; ++Branch) {
        if (!Succs[Branch])
          continue;
        bool Success = (Branch == 0) == V.SuccessWhenTrue;
        IterationState T = S;
        if (Known == Outcome::Unknown)
          T.Outcomes[V.Site] = Success ? Outcome::Success : Outcome::Failure;
        else if ((Known == Outcome::Success && !Success) ||
                 (Known == Outcome::Failure && Success))
          continue; // contradicts what this path already knows
        addSucc(I, target(Succs[Branch], T));
      }
      return;
    }
    for (const CFGBlock *Succ : Succs)
      if (Succ)
        addSucc(I, target(Succ, S));
  }

  const LoopRegion &Region;
  const ValueEvaluator &Eval;
  llvm::SmallVector<Outcome, 8> Forced;
  std::vector<Node> Nodes;
  llvm::StringMap<unsigned> Index;
  std::deque<unsigned> Work;
};

/// The IPC calls of the loop, in source order (lambdas and blocks excluded:
/// their bodies are not part of this CFG).
void collectSites(const Stmt *S, const Stmt *Loop, bool Nested,
                  const IpcOperationMatcher &Ops, ASTContext &Ctx,
                  std::vector<IpcSite> &Sites) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  if (const auto *C = dyn_cast<CallExpr>(S))
    if (std::optional<IpcOperation> Op = Ops.classify(C, Loop, Ctx)) {
      IpcSite Site;
      Site.Call = C;
      Site.Op = *Op;
      Site.TimedWait = isTimedWait(C, *Op, Ctx);
      Site.DirectChild = !Nested;
      Sites.push_back(Site);
    }
  bool ChildNested =
      Nested ||
      (S != Loop && isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S));
  for (const Stmt *Child : S->children())
    collectSites(Child, Loop, ChildNested, Ops, Ctx, Sites);
}

/// The object a member call is made on (a variable or member), if any.
const Decl *objectOf(const CallExpr *C) {
  const auto *MC = dyn_cast<CXXMemberCallExpr>(C);
  if (!MC || !MC->getImplicitObjectArgument())
    return nullptr;
  const Expr *O = MC->getImplicitObjectArgument()->IgnoreParenImpCasts();
  if (const auto *D = dyn_cast<DeclRefExpr>(O))
    return D->getDecl();
  if (const auto *M = dyn_cast<MemberExpr>(O))
    return M->getMemberDecl();
  return nullptr;
}

} // namespace

bool isInfiniteLoop(const Stmt *Loop, ASTContext &Ctx) {
  const Expr *Cond = nullptr;
  if (const auto *F = dyn_cast_or_null<ForStmt>(Loop)) {
    if (!F->getCond())
      return true;
    if (F->getConditionVariable())
      return false;
    Cond = F->getCond();
  } else if (const auto *W = dyn_cast_or_null<WhileStmt>(Loop)) {
    if (W->getConditionVariable())
      return false;
    Cond = W->getCond();
  } else if (const auto *D = dyn_cast_or_null<DoStmt>(Loop)) {
    Cond = D->getCond();
  }
  if (!Cond || Cond->isValueDependent() || Cond->HasSideEffects(Ctx))
    return false;
  bool Value = false;
  return Cond->EvaluateAsBooleanCondition(Value, Ctx) && Value;
}

LoopKeyword loopKeyword(const Stmt *Loop, const SourceManager &SM,
                        const LangOptions &LO) {
  SourceLocation L;
  llvm::StringRef Plain;
  if (const auto *F = dyn_cast<ForStmt>(Loop)) {
    L = F->getForLoc();
    Plain = "for";
  } else if (const auto *W = dyn_cast<WhileStmt>(Loop)) {
    L = W->getWhileLoc();
    Plain = "while";
  } else if (const auto *D = dyn_cast<DoStmt>(Loop)) {
    L = D->getDoLoc();
    Plain = "do";
  }
  LoopKeyword K;
  K.Loc = SM.getExpansionLoc(L);
  K.Spelling = Plain.str();
  if (L.isMacroID()) {
    // `forever` and `Q_FOREVER` both expand to `for(;;)`: name the macro
    // the user wrote.
    llvm::StringRef Text =
        Lexer::getSourceText(CharSourceRange::getTokenRange(K.Loc), SM, LO);
    if (!Text.empty())
      K.Spelling = Text.str();
  }
  return K;
}

RetryLoopVerdict analyzeRetryLoop(const Stmt *Loop,
                                  const FunctionDecl *Function, ASTContext &Ctx,
                                  const IpcOperationMatcher &Ops) {
  RetryLoopVerdict V;
  if (!Loop || !Function || !Function->getBody())
    return V;
  std::vector<IpcSite> Sites;
  collectSites(Loop, Loop, false, Ops, Ctx, Sites);
  if (Sites.empty())
    return V;
  V.K = RetryLoopVerdict::Unknown;
  if (Sites.size() > MaxSites)
    return V;

  CFG::BuildOptions Opts;
  Opts.setAllAlwaysAdd();
  std::unique_ptr<CFG> G =
      CFG::buildCFG(Function, Function->getBody(), &Ctx, Opts);
  if (!G)
    return V;
  std::optional<LoopRegion> Region = findRegion(*G, Loop);
  if (!Region)
    return V;
  LoopFacts Facts = LoopFacts::compute(Loop, Function->getBody(), Sites);
  ValueEvaluator Eval(Facts, Sites, Ctx);

  bool SawService = false;
  for (unsigned C = 0; C < Sites.size(); ++C) {
    ResultConvention Conv = Sites[C].Op.Convention;
    if (!Sites[C].DirectChild || Conv == ResultConvention::Void ||
        Conv == ResultConvention::Opaque)
      continue;
    // 1. Everything succeeds: does success leave the loop, or serve and
    //    come back?
    IterationGraph AllSucceed(
        *Region, Eval,
        llvm::SmallVector<Outcome, 8>(Sites.size(), Outcome::Success));
    if (!AllSucceed.build())
      return V;
    if (AllSucceed.anyEnd(IterationGraph::Back, C, Outcome::Success)) {
      SawService = true;
      continue;
    }
    if (!AllSucceed.anyEnd(IterationGraph::Exit, C, Outcome::Success))
      continue;
    // 2. C fails every time: does a failure come back to the head, and can
    //    the program always leave anyway?
    llvm::SmallVector<Outcome, 8> Forced(Sites.size(), Outcome::NotCalled);
    Forced[C] = Outcome::Failure;
    IterationGraph Failing(*Region, Eval, Forced);
    if (!Failing.build())
      return V;
    if (!Failing.anyEnd(IterationGraph::Back, C, Outcome::Failure))
      continue;
    V.Operation = V.Retried = Sites[C].Call;
    if (Failing.programCanLeave()) {
      V.K = RetryLoopVerdict::Bounded;
      return V;
    }
    // 3. Every timed wait times out too: does the loop still go on?
    for (unsigned W = 0; W < Sites.size(); ++W)
      if (Sites[W].TimedWait) {
        Forced[W] = Outcome::Failure;
        if (W != C && !V.TimedWait)
          V.TimedWait = Sites[W].Call;
      }
    IterationGraph NoContention(*Region, Eval, Forced);
    if (!NoContention.build())
      return V;
    V.K = RetryLoopVerdict::Unbounded;
    V.ContentionOnly = V.TimedWait && NoContention.programCanLeave();
    if (!V.ContentionOnly)
      V.TimedWait = nullptr;
    // A Qt wait answers a connectToServer on the same socket: name that.
    if (Sites[C].Op.AnswersConnectRequest)
      for (const IpcSite &S : Sites)
        if (S.Op.IsConnectRequest &&
            objectOf(S.Call) == objectOf(Sites[C].Call)) {
          V.Retried = S.Call;
          break;
        }
    return V;
  }
  V.K = SawService ? RetryLoopVerdict::ServiceLoop
                   : RetryLoopVerdict::NotARetryLoop;
  return V;
}

} // namespace clang::tidy::pipelint::utils
